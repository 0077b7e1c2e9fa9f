/**
 * A declarative codec for Kafka protocol messages.
 *
 * Each API file writes its request and response grammar as data, in the same
 * terms as the Kafka protocol's message definitions: fields with the versions
 * they exist in, which versions may hold null, which versions carry the field
 * as a tagged field, and the versions from which the message is "flexible"
 * (compact strings/arrays/bytes and tagged fields, KIP-482). Each struct is
 * compiled once per version at start-up into a generated decoder and encoder
 * (see `decoderFor`), so the hot path runs straight-line code with one call
 * site per field and no interpretation.
 *
 * Wire encodings (Kafka protocol guide, "Protocol Primitive Types"):
 *   int8/16/32/64, uint16/32, float64: big-endian fixed width
 *   string   classic: int16 length (-1 = null) + UTF-8; compact: uvarint(len+1) (0 = null)
 *   bytes    classic: int32 length (-1 = null);          compact: uvarint(len+1)
 *   records  as bytes (a record-batch set), always nullable
 *   array    classic: int32 count (-1 = null);           compact: uvarint(count+1)
 *   uuid     16 raw bytes, shown as Kafka does (base64url, no padding)
 *   tagged fields (flexible versions, at the end of every struct):
 *            uvarint count, then per field uvarint tag, uvarint size, value
 */
import { ProtocolError } from "./errors.ts";
import { Reader } from "./reader.ts";
import { Writer } from "./writer.ts";

export type Scalar =
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint16"
  | "uint32"
  | "float64"
  | "bool"
  | "string"
  | "bytes"
  | "records"
  | "uuid";

export type FieldType = Scalar | { array: FieldType } | { struct: Field[] };

export interface Field {
  name: string;
  type: FieldType;
  /** Versions in which the field exists: "0+", "3-5", "7", "none". */
  versions: string;
  /** Versions in which the field may be null. */
  nullable?: string;
  /** Versions in which the field is sent as a tagged field (needs `tag`). */
  tagged?: string;
  tag?: number;
  /** Value when absent from the version read, or not given when writing. */
  default?: unknown;
  /** "none" keeps the classic encoding even in flexible versions (RequestHeader ClientId). */
  flexible?: "none";
}

export interface MessageSchema {
  name: string;
  apiKey: number;
  validVersions: string;
  flexibleVersions: string;
  fields: Field[];
}

export const arrayOf = (of: FieldType): FieldType => ({ array: of });
export const struct = (...fields: Field[]): FieldType => ({ struct: fields });

export interface VersionRange {
  min: number;
  max: number;
}

/** Parses "0+", "3-5", "7" or "none" (null). */
export function parseVersions(spec: string): VersionRange | null {
  if (spec === "none") return null;
  let m = /^(\d+)\+$/.exec(spec);
  if (m) return { min: Number(m[1]), max: Infinity };
  m = /^(\d+)-(\d+)$/.exec(spec);
  if (m) return { min: Number(m[1]), max: Number(m[2]) };
  m = /^(\d+)$/.exec(spec);
  if (m) return { min: Number(m[1]), max: Number(m[1]) };
  throw new Error(`bad version spec "${spec}"`);
}

export function inVersions(spec: string | undefined, version: number): boolean {
  if (spec === undefined) return false;
  const r = parseVersions(spec);
  return r !== null && version >= r.min && version <= r.max;
}

// ---- uuid text form ---------------------------------------------------------

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
export const ZERO_UUID = "AAAAAAAAAAAAAAAAAAAAAA";

export function uuidToString(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 3 <= 16; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const n = bytes[15] << 16;
  return out + B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
}

export function uuidFromString(s: string): Uint8Array {
  if (s.length !== 22) throw new ProtocolError(`bad uuid "${s}"`);
  const out = new Uint8Array(16);
  let o = 0;
  for (let i = 0; i < 20; i += 4) {
    const n = (B64.indexOf(s[i]) << 18) | (B64.indexOf(s[i + 1]) << 12) |
      (B64.indexOf(s[i + 2]) << 6) | B64.indexOf(s[i + 3]);
    out[o++] = (n >> 16) & 255;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  out[15] = (((B64.indexOf(s[20]) << 18) | (B64.indexOf(s[21]) << 12)) >> 16) & 255;
  return out;
}

export function randomUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return uuidToString(b);
}

// ---- compiled codecs ----------------------------------------------------------

type Decode = (r: Reader) => unknown;
type Encode = (w: Writer, v: unknown) => void;

interface Compiled {
  decode: Decode;
  encode: Encode;
  defaultValue: () => unknown;
}

function defaultFor(field: Field, version: number): unknown {
  if (field.default !== undefined) {
    return Array.isArray(field.default) ? [...field.default] : field.default;
  }
  const t = field.type;
  if (typeof t === "string") {
    switch (t) {
      case "string":
        return inVersions(field.nullable, version) ? null : "";
      case "bytes":
        return inVersions(field.nullable, version) ? null : new Uint8Array(0);
      case "records":
        return null;
      case "bool":
        return false;
      case "uuid":
        return ZERO_UUID;
      default:
        return 0;
    }
  }
  if ("array" in t) return inVersions(field.nullable, version) ? null : [];
  return null; // filled by compileStruct's defaultValue
}

function compileType(
  type: FieldType,
  version: number,
  compact: boolean,
  nullable: boolean,
  name: string,
): Compiled {
  if (typeof type === "string") return compileScalar(type, compact, nullable, name);
  if ("array" in type) {
    const elem = compileType(type.array, version, compact, false, name);
    return {
      decode(r) {
        const n = compact ? r.uvarint() - 1 : r.int32();
        if (n < 0) {
          if (!nullable) throw new ProtocolError(`null array for non-nullable ${name}`);
          return null;
        }
        if (n > r.remaining) throw new ProtocolError(`array ${name} claims ${n} items`);
        const out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = elem.decode(r);
        return out;
      },
      encode(w, v) {
        if (v === null || v === undefined) {
          if (nullable) {
            if (compact) w.uvarint(0);
            else w.int32(-1);
            return;
          }
          v = [];
        }
        const arr = v as unknown[];
        if (compact) w.uvarint(arr.length + 1);
        else w.int32(arr.length);
        for (let i = 0; i < arr.length; i++) elem.encode(w, arr[i]);
      },
      defaultValue: () => (nullable ? null : []),
    };
  }
  const s = compileStruct(type.struct, version, compact);
  return {
    decode: s.decode,
    encode: (w, v) => s.encode(w, (v ?? {}) as Record<string, unknown>),
    defaultValue: s.defaultValue,
  };
}

function compileScalar(type: Scalar, compact: boolean, nullable: boolean, name: string): Compiled {
  const num = (decode: Decode, encode: Encode): Compiled => ({
    decode,
    encode,
    defaultValue: () => 0,
  });
  switch (type) {
    case "int8":
      return num((r) => r.int8(), (w, v) => w.int8((v as number) ?? 0));
    case "int16":
      return num((r) => r.int16(), (w, v) => w.int16((v as number) ?? 0));
    case "int32":
      return num((r) => r.int32(), (w, v) => w.int32((v as number) ?? 0));
    case "int64":
      return num((r) => r.int64(), (w, v) => w.int64((v as number) ?? 0));
    case "uint16":
      return num((r) => r.uint16(), (w, v) => w.uint16((v as number) ?? 0));
    case "uint32":
      return num((r) => r.uint32(), (w, v) => w.uint32((v as number) ?? 0));
    case "float64":
      return num((r) => r.float64(), (w, v) => w.float64((v as number) ?? 0));
    case "bool":
      return { decode: (r) => r.bool(), encode: (w, v) => w.bool(!!v), defaultValue: () => false };
    case "uuid":
      return {
        decode: (r) => uuidToString(r.raw(16, "uuid")),
        encode: (w, v) => w.raw(uuidFromString((v as string) ?? ZERO_UUID)),
        defaultValue: () => ZERO_UUID,
      };
    case "string":
      return {
        decode(r) {
          const n = compact ? r.uvarint() - 1 : r.int16();
          if (n < 0) {
            if (!nullable) throw new ProtocolError(`null string for non-nullable ${name}`);
            return null;
          }
          return r.utf8(n);
        },
        encode(w, v) {
          if (v === null || v === undefined) {
            if (nullable) {
              if (compact) w.uvarint(0);
              else w.int16(-1);
              return;
            }
            v = "";
          }
          w.string(v as string, compact);
        },
        defaultValue: () => (nullable ? null : ""),
      };
    case "bytes":
    case "records": {
      const canBeNull = nullable || type === "records";
      return {
        decode(r) {
          const n = compact ? r.uvarint() - 1 : r.int32();
          if (n < 0) {
            if (!canBeNull) throw new ProtocolError(`null bytes for non-nullable ${name}`);
            return null;
          }
          return r.raw(n, name);
        },
        encode(w, v) {
          if (v === null || v === undefined) {
            if (canBeNull) {
              if (compact) w.uvarint(0);
              else w.int32(-1);
              return;
            }
            v = new Uint8Array(0);
          }
          // A records value may be a list of batch views, written back to back.
          const parts = Array.isArray(v) ? (v as Uint8Array[]) : [v as Uint8Array];
          let total = 0;
          for (const p of parts) total += p.length;
          if (compact) w.uvarint(total + 1);
          else w.int32(total);
          for (const p of parts) w.raw(p);
        },
        defaultValue: () => (canBeNull ? null : new Uint8Array(0)),
      };
    }
  }
}

interface CompiledStruct {
  decode: (r: Reader) => Record<string, unknown>;
  encode: (w: Writer, v: Record<string, unknown>) => void;
  defaultValue: () => Record<string, unknown>;
}

function compileStruct(fields: Field[], version: number, flexible: boolean): CompiledStruct {
  /** `makeDefault` gives the field's value when it is absent from the wire or the object. */
  type Slot = { field: Field; codec: Compiled; makeDefault: () => unknown };
  type Absent = { name: string; makeDefault: () => unknown };
  const regular: Slot[] = [];
  const tagged = new Map<number, Slot>();
  const absent: Absent[] = [];
  for (const field of fields) {
    if (!inVersions(field.versions, version)) {
      absent.push({ name: field.name, makeDefault: defaultMaker(field, version, flexible) });
      continue;
    }
    const compact = flexible && field.flexible !== "none";
    const nullable = inVersions(field.nullable, version);
    const codec = compileType(field.type, version, compact, nullable, field.name);
    if (flexible && inVersions(field.tagged, version)) {
      if (field.tag === undefined) throw new Error(`tagged field ${field.name} has no tag`);
      const makeDefault = field.default !== undefined
        ? () => defaultFor(field, version)
        : codec.defaultValue;
      tagged.set(field.tag, { field, codec, makeDefault });
    } else {
      regular.push({ field, codec, makeDefault: defaultMaker(field, version, flexible) });
    }
  }
  const taggedSlots = [...tagged.entries()].sort((a, b) => a[0] - b[0]);

  // Defaults are made by closures prepared here: decoding runs this for every request.
  const fillDefaults = (obj: Record<string, unknown>) => {
    for (let i = 0; i < absent.length; i++) obj[absent[i].name] = absent[i].makeDefault();
    for (let i = 0; i < taggedSlots.length; i++) {
      const slot = taggedSlots[i][1];
      obj[slot.field.name] = slot.makeDefault();
    }
  };

  const readTagged = (r: Reader, obj: Record<string, unknown>) => {
    const n = r.uvarint();
    for (let i = 0; i < n; i++) {
      const tag = r.uvarint();
      const size = r.uvarint();
      const slot = tagged.get(tag);
      if (!slot) {
        r.skip(size);
        continue;
      }
      const end = r.offset + size;
      if (end > r.end) throw new ProtocolError(`tagged field ${tag} overruns the frame`);
      const sub = new Reader(r.bytes, r.offset, end);
      obj[slot.field.name] = slot.codec.decode(sub);
      r.offset = end;
    }
  };

  /** The tagged-field section: only fields that differ from their defaults (KIP-482). */
  const writeTagged = (w: Writer, obj: Record<string, unknown>) => {
    if (taggedSlots.length === 0) {
      w.uvarint(0);
      return;
    }
    const present = taggedSlots.filter(([, s]) => isPresent(obj[s.field.name], s.field));
    w.uvarint(present.length);
    for (const [tag, s] of present) {
      const tmp = new Writer(64);
      s.codec.encode(tmp, obj[s.field.name]);
      w.uvarint(tag).uvarint(tmp.offset).raw(tmp.written());
    }
  };

  return {
    decode: decoderFor(absent, taggedSlots.map(([, slot]) => slot), regular, flexible, readTagged),
    encode: encoderFor(regular, flexible, writeTagged),
    defaultValue() {
      const obj: Record<string, unknown> = {};
      fillDefaults(obj);
      for (const s of regular) obj[s.field.name] = s.makeDefault();
      return obj;
    },
  };
}

/**
 * The struct's decoder, generated once per struct and version: one object literal whose keys are
 * always the same, in the same order, so every decoded message of a kind shares one hidden class
 * and the handlers reading it stay monomorphic; each field's codec is called from its own call
 * site. Keys come from our own schemas (quoted with JSON.stringify), never from the wire. Fields
 * are read in wire order because an object literal evaluates its values in order.
 */
function decoderFor(
  absent: { name: string; makeDefault: () => unknown }[],
  taggedSlots: { field: Field; makeDefault: () => unknown }[],
  regular: { field: Field; codec: Compiled }[],
  flexible: boolean,
  readTagged: (r: Reader, obj: Record<string, unknown>) => void,
): (r: Reader) => Record<string, unknown> {
  const entries = [
    ...absent.map((a, i) => `${JSON.stringify(a.name)}: absent[${i}].makeDefault()`),
    ...taggedSlots.map((t, i) => `${JSON.stringify(t.field.name)}: tagged[${i}].makeDefault()`),
    ...regular.map((s, i) => `${JSON.stringify(s.field.name)}: regular[${i}].codec.decode(r)`),
  ];
  const body = `return function decode(r) {
    const obj = { ${entries.join(", ")} };
    ${flexible ? "readTagged(r, obj);" : ""}
    return obj;
  };`;
  const make = new Function("absent", "tagged", "regular", "readTagged", body);
  return make(absent, taggedSlots, regular, readTagged);
}

/**
 * The struct's encoder, generated like its decoder: each field is read by name from its own site
 * (objects built by one handler share a hidden class, so these loads stay monomorphic) and written
 * by its own codec call, in wire order; a field left undefined is written as its default.
 */
function encoderFor(
  regular: { field: Field; codec: Compiled; makeDefault: () => unknown }[],
  flexible: boolean,
  writeTagged: (w: Writer, obj: Record<string, unknown>) => void,
): (w: Writer, obj: Record<string, unknown>) => void {
  const lines = regular.map((s, i) =>
    `v = obj[${JSON.stringify(s.field.name)}]; ` +
    `regular[${i}].codec.encode(w, v === undefined ? regular[${i}].makeDefault() : v);`
  );
  const body = `return function encode(w, obj) {
    let v;
    ${lines.join("\n    ")}
    ${flexible ? "writeTagged(w, obj);" : ""}
  };`;
  const make = new Function("regular", "writeTagged", body);
  return make(regular, writeTagged);
}

/**
 * A function giving a field's default at `version`: a fresh value each call (arrays and structs
 * may be changed by whoever receives them), with the version checks done once, here.
 */
function defaultMaker(field: Field, version: number, flexible: boolean): () => unknown {
  const t = field.type;
  if (typeof t !== "string" && "struct" in t && field.default === undefined) {
    if (inVersions(field.nullable, version)) return () => null;
    let struct: CompiledStruct | undefined;
    return () => (struct ??= compileStruct(t.struct, version, flexible)).defaultValue();
  }
  const value = defaultFor(field, version);
  if (Array.isArray(value)) return () => defaultFor(field, version);
  return () => value;
}

/** Kafka writes a tagged field only when it differs from its default (KIP-482). */
function isPresent(v: unknown, field: Field): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v) && v.length === 0) return false;
  if (field.default !== undefined) return v !== field.default;
  switch (field.type) {
    case "string":
      return v !== "";
    case "bool":
      return v !== false;
    case "uuid":
      return v !== ZERO_UUID;
    case "bytes":
    case "records":
      return (v as Uint8Array).length > 0;
    default:
      return typeof field.type !== "string" || v !== 0;
  }
}

/** One message's codecs, one per valid version. */
export class MessageCodec<T = Record<string, any>> {
  readonly schema: MessageSchema;
  readonly minVersion: number;
  readonly maxVersion: number;
  private readonly flexible: VersionRange | null;
  private readonly byVersion: CompiledStruct[] = [];

  constructor(schema: MessageSchema) {
    this.schema = schema;
    const valid = parseVersions(schema.validVersions);
    if (!valid || !Number.isFinite(valid.max)) {
      throw new Error(`${schema.name}: validVersions must be a closed range`);
    }
    this.minVersion = valid.min;
    this.maxVersion = valid.max;
    this.flexible = parseVersions(schema.flexibleVersions);
    for (let v = valid.min; v <= valid.max; v++) {
      this.byVersion[v] = compileStruct(schema.fields, v, this.isFlexible(v));
    }
  }

  isFlexible(version: number): boolean {
    return this.flexible !== null && version >= this.flexible.min && version <= this.flexible.max;
  }

  supports(version: number): boolean {
    return version >= this.minVersion && version <= this.maxVersion;
  }

  private codec(version: number): CompiledStruct {
    const c = this.byVersion[version];
    if (!c) throw new Error(`${this.schema.name} has no version ${version}`);
    return c;
  }

  decode(r: Reader, version: number): T {
    return this.codec(version).decode(r) as T;
  }

  encode(w: Writer, version: number, value: T): void {
    this.codec(version).encode(w, value as Record<string, unknown>);
  }

  /** Convenience for tests and clients: encode to fresh bytes. */
  toBytes(version: number, value: T): Uint8Array {
    const w = new Writer(256);
    this.encode(w, version, value);
    return w.finish();
  }

  fromBytes(bytes: Uint8Array, version: number): T {
    const r = new Reader(bytes);
    const v = this.decode(r, version);
    if (r.remaining !== 0) {
      throw new ProtocolError(`${this.schema.name} v${version}: ${r.remaining} bytes left over`);
    }
    return v;
  }
}
