/**
 * FindCoordinator: this broker coordinates every group and transactional id (key types 0 and 1),
 * one key (v0-3) or a batch of keys (v4+).
 */
import type { ApiHandler } from "../api.ts";
import { NODE_ID } from "../broker.ts";
import {
  FindCoordinatorRequest,
  type FindCoordinatorRequestData,
  FindCoordinatorResponse,
  type FindCoordinatorResponseData,
} from "../messages/find_coordinator.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { GROUPS_DISABLED_MESSAGE, groupsEnabled } from "./groups_gate.ts";

const GROUP_KEY = 0;
const TRANSACTION_KEY = 1;
const BATCHED_FROM_VERSION = 4;

export const findCoordinatorHandler: ApiHandler<
  FindCoordinatorRequestData,
  FindCoordinatorResponseData
> = {
  key: 10,
  name: "FindCoordinator",
  request: FindCoordinatorRequest,
  response: FindCoordinatorResponse,
  advertised: groupsEnabled,
  handle(req, ctx) {
    const broker = ctx.broker;
    const answer = (key: string) => {
      if (req.keyType !== GROUP_KEY && req.keyType !== TRANSACTION_KEY) {
        return {
          key,
          nodeId: -1,
          host: "",
          port: -1,
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: `unknown key type ${req.keyType}`,
        };
      }
      if (req.keyType === GROUP_KEY && !groupsEnabled(broker)) {
        return {
          key,
          nodeId: -1,
          host: "",
          port: -1,
          errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
          errorMessage: GROUPS_DISABLED_MESSAGE,
        };
      }
      return {
        key,
        nodeId: NODE_ID,
        host: broker.settings.kafkaHostname,
        port: ctx.localPort,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
      };
    };
    if (ctx.apiVersion >= BATCHED_FROM_VERSION) {
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        nodeId: -1,
        host: "",
        port: -1,
        coordinators: req.coordinatorKeys.map(answer),
      };
    }
    const one = answer(req.key);
    return {
      throttleTimeMs: 0,
      errorCode: one.errorCode,
      errorMessage: one.errorMessage,
      nodeId: one.nodeId,
      host: one.host,
      port: one.port,
      coordinators: [],
    };
  },
};
