/**
 * Just enough of the ONNX protobuf format: a reader of a model's top-level fields (IR
 * version, opsets) that skips the graph without copying it, and a writer of small graphs
 * (test models, the contract's examples). Field numbers are those of `onnx/onnx.proto`.
 */

/** ONNX tensor element types used by the contract. */
export const ElemType = { FLOAT: 1, UINT8: 2, INT64: 7 } as const;

/** Top-level facts of a model file. */
export interface ModelHeader {
  irVersion: number;
  /** Operator set versions by domain ("" is the default ONNX domain). */
  opsets: Map<string, number>;
  /** Whether a graph field is present. */
  hasGraph: boolean;
}

/**
 * Reads the top-level fields of a ModelProto.
 *
 * @throws {RangeError} when the bytes are not a well-formed protobuf message
 */
export function readModelHeader(bytes: Uint8Array): ModelHeader {
  const header: ModelHeader = { irVersion: 0, opsets: new Map(), hasGraph: false };
  for (const f of fields(bytes)) {
    if (f.num === 1 && f.wire === 0) header.irVersion = Number(f.value);
    else if (f.num === 7 && f.wire === 2) header.hasGraph = true;
    else if (f.num === 8 && f.wire === 2) {
      let domain = "";
      let version = 0;
      for (const g of fields(f.bytes!)) {
        if (g.num === 1 && g.wire === 2) domain = new TextDecoder().decode(g.bytes);
        if (g.num === 2 && g.wire === 0) version = Number(g.value);
      }
      header.opsets.set(domain, version);
    }
  }
  return header;
}

interface Field {
  num: number;
  wire: number;
  value?: bigint;
  bytes?: Uint8Array;
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new RangeError("Cannot read protobuf: truncated varint");
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new RangeError("Cannot read protobuf: varint too long");
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const num = key >>> 3;
    const wire = key & 7;
    if (num === 0) throw new RangeError("Cannot read protobuf: field number 0");
    if (wire === 0) yield { num, wire, value: varint() };
    else if (wire === 1 || wire === 5) {
      pos += wire === 1 ? 8 : 4;
      if (pos > buf.length) throw new RangeError("Cannot read protobuf: truncated fixed field");
    } else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new RangeError("Cannot read protobuf: truncated field");
      yield { num, wire, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else throw new RangeError(`Cannot read protobuf: unsupported wire type ${wire}`);
  }
}

// ---- writer ----

/** A graph input or output: a name, an element type and dims (a string is a symbolic dim). */
export interface ValueSpec {
  name: string;
  elemType: number;
  dims: readonly (number | string)[];
}

/** An attribute value: int, float, ints, or a string. */
export type AttrValue = number | readonly number[] | string | { float: number };

/** One graph node. */
export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attrs?: Record<string, AttrValue>;
}

/** A constant tensor of the graph. */
export interface InitializerSpec {
  name: string;
  elemType: number;
  dims: readonly number[];
  /** Little-endian raw data. */
  raw: Uint8Array;
}

/** A whole model for {@link writeModel}. */
export interface ModelSpec {
  inputs: readonly ValueSpec[];
  outputs: readonly ValueSpec[];
  nodes: readonly NodeSpec[];
  /** @default [] */
  initializers?: readonly InitializerSpec[];
  /** @default 17 */
  opset?: number;
  /** @default 8 */
  irVersion?: number;
}

/** Encodes a {@link ModelSpec} as an ONNX ModelProto. */
export function writeModel(spec: ModelSpec): Uint8Array {
  const graph = new Writer();
  for (const n of spec.nodes) graph.message(1, nodeProto(n));
  graph.string(2, "g");
  for (const t of spec.initializers ?? []) graph.message(5, tensorProto(t));
  for (const v of spec.inputs) graph.message(11, valueInfo(v));
  for (const v of spec.outputs) graph.message(12, valueInfo(v));
  const opset = new Writer();
  opset.string(1, "");
  opset.varint(2, spec.opset ?? 17);
  const model = new Writer();
  model.varint(1, spec.irVersion ?? 8);
  model.string(2, "kinitro-test");
  model.message(7, graph.finish());
  model.message(8, opset.finish());
  return model.finish();
}

/** Raw little-endian bytes of float32 values. */
export function float32Raw(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** Raw little-endian bytes of int64 values. */
export function int64Raw(values: readonly number[]): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
}

function nodeProto(n: NodeSpec): Uint8Array {
  const w = new Writer();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(4, n.op);
  for (const [name, value] of Object.entries(n.attrs ?? {})) {
    const a = new Writer();
    a.string(1, name);
    if (typeof value === "number") {
      a.varint(3, value);
      a.varint(20, 2);
    } else if (typeof value === "string") {
      a.bytes(4, new TextEncoder().encode(value));
      a.varint(20, 3);
    } else if ("float" in value) {
      a.fixed32Float(2, value.float);
      a.varint(20, 1);
    } else {
      for (const v of value) a.varint(8, v);
      a.varint(20, 7);
    }
    w.message(5, a.finish());
  }
  return w.finish();
}

function tensorProto(t: InitializerSpec): Uint8Array {
  const w = new Writer();
  for (const d of t.dims) w.varint(1, d);
  w.varint(2, t.elemType);
  w.string(8, t.name);
  w.bytes(9, t.raw);
  return w.finish();
}

function valueInfo(v: ValueSpec): Uint8Array {
  const shape = new Writer();
  for (const d of v.dims) {
    const dim = new Writer();
    if (typeof d === "number") dim.varint(1, d);
    else dim.string(2, d);
    shape.message(1, dim.finish());
  }
  const tensor = new Writer();
  tensor.varint(1, v.elemType);
  tensor.message(2, shape.finish());
  const type = new Writer();
  type.message(1, tensor.finish());
  const info = new Writer();
  info.string(1, v.name);
  info.message(2, type.finish());
  return info.finish();
}

class Writer {
  #parts: Uint8Array[] = [];

  varint(num: number, value: number): void {
    this.#key(num, 0);
    this.#raw(encodeVarint(BigInt(value)));
  }

  fixed32Float(num: number, value: number): void {
    this.#key(num, 5);
    this.#raw(new Uint8Array(Float32Array.of(value).buffer));
  }

  string(num: number, value: string): void {
    this.bytes(num, new TextEncoder().encode(value));
  }

  bytes(num: number, value: Uint8Array): void {
    this.#key(num, 2);
    this.#raw(encodeVarint(BigInt(value.length)));
    this.#raw(value);
  }

  message(num: number, value: Uint8Array): void {
    this.bytes(num, value);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.#parts.reduce((n, p) => n + p.length, 0));
    let pos = 0;
    for (const p of this.#parts) {
      out.set(p, pos);
      pos += p.length;
    }
    return out;
  }

  #key(num: number, wire: number): void {
    this.#raw(encodeVarint(BigInt((num << 3) | wire)));
  }

  #raw(bytes: Uint8Array): void {
    this.#parts.push(bytes);
  }
}

function encodeVarint(value: bigint): Uint8Array {
  if (value < 0n) value = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let b = Number(value & 0x7fn);
    value >>= 7n;
    if (value > 0n) b |= 0x80;
    out.push(b);
  } while (value > 0n);
  return Uint8Array.from(out);
}
