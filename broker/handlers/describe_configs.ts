/**
 * DescribeConfigs: real entries for topics (every accepted topic config with its effective value
 * and whether the topic sets it) and for broker 0 (the settings in force). Resource types
 * (Kafka's ConfigResource.Type): 2 TOPIC, 4 BROKER, 8 BROKER_LOGGER.
 */
import type { ApiHandler } from "../api.ts";
import { type BrokerConfigEntry, brokerConfigs, ConfigType } from "../broker_configs.ts";
import { NODE_ID } from "../broker.ts";
import {
  DescribeConfigsRequest,
  type DescribeConfigsRequestData,
  type DescribeConfigsResourceResult,
  DescribeConfigsResponse,
  type DescribeConfigsResponseData,
  type DescribeConfigsResult,
} from "../messages/describe_configs.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { TOPIC_CONFIGS } from "../topic_configs.ts";

const TOPIC = 2;
const BROKER = 4;
/** Config sources (DescribeConfigsResponse ConfigSource). */
const DYNAMIC_TOPIC_CONFIG = 1;
const STATIC_BROKER_CONFIG = 4;
const DEFAULT_CONFIG = 5;

function entry(
  name: string,
  value: string,
  source: number,
  type: number,
  doc: string,
  req: DescribeConfigsRequestData,
): DescribeConfigsResourceResult {
  return {
    name,
    value,
    readOnly: source !== DYNAMIC_TOPIC_CONFIG && source !== DEFAULT_CONFIG,
    isDefault: source === DEFAULT_CONFIG,
    configSource: source,
    isSensitive: false,
    synonyms: req.includeSynonyms ? [{ name, value, source }] : [],
    configType: type,
    documentation: req.includeDocumentation ? doc : null,
  };
}

export const describeConfigsHandler: ApiHandler<
  DescribeConfigsRequestData,
  DescribeConfigsResponseData
> = {
  key: 32,
  name: "DescribeConfigs",
  request: DescribeConfigsRequest,
  response: DescribeConfigsResponse,
  handle(req, ctx) {
    const broker = ctx.broker;
    const results = req.resources.map((r): DescribeConfigsResult => {
      const base = {
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
      };
      const wantedKey = (name: string) =>
        r.configurationKeys === null || r.configurationKeys.length === 0 ||
        r.configurationKeys.includes(name);
      if (r.resourceType === TOPIC) {
        const topic = broker.store.topic(r.resourceName);
        if (!topic) {
          return {
            ...base,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: `no topic "${r.resourceName}"`,
            configs: [],
          };
        }
        const configs = TOPIC_CONFIGS.filter((c) => wantedKey(c.name)).map((c) => {
          const own = topic.configs[c.name];
          const type = /^-?\d+$/.test(c.defaultValue(broker.settings))
            ? ConfigType.LONG
            : ConfigType.STRING;
          return own !== undefined
            ? entry(c.name, own, DYNAMIC_TOPIC_CONFIG, type, c.doc, req)
            : entry(c.name, c.defaultValue(broker.settings), DEFAULT_CONFIG, type, c.doc, req);
        });
        return { ...base, configs };
      }
      if (r.resourceType === BROKER) {
        if (r.resourceName !== "" && r.resourceName !== String(NODE_ID)) {
          return {
            ...base,
            errorCode: ErrorCode.INVALID_REQUEST,
            errorMessage: `no broker "${r.resourceName}"; the only broker is ${NODE_ID}`,
            configs: [],
          };
        }
        const configs = brokerConfigs(broker.settings, broker.boundPorts)
          .filter((c: BrokerConfigEntry) => wantedKey(c.name))
          .map((c) => entry(c.name, c.value, STATIC_BROKER_CONFIG, c.type, c.doc, req));
        return { ...base, configs };
      }
      return {
        ...base,
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: `resource type ${r.resourceType} is not described (topics: 2, broker: 4)`,
        configs: [],
      };
    });
    return { throttleTimeMs: 0, results };
  },
};
