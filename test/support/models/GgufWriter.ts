// Writes GGUF v3 files from plain TypeScript: typed metadata of every GGUF value type and F32 tensors in ggml
// dimension order. Tests build every model they run this way (no weights can be downloaded), so tensor data is
// streamed to disk a chunk at a time and a 100 MB model never sits in memory whole.

import { endianness } from "node:os";
import { open, rename, rm } from "node:fs/promises";

/** GGUF scalar value types, by the names the GGUF specification gives them. */
export type GgufScalarType =
    "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "u64" | "i64" | "f32" | "f64" | "bool" | "string";
/** Scalar types a JavaScript number holds without loss. */
export type GgufNumberType = "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "f32" | "f64";
/** 64-bit integer types: a bigint, or a number when it is a safe integer. */
export type GgufBigIntType = "u64" | "i64";

/** A metadata value with its GGUF type. An array holds scalars of one type. */
export type GgufValue =
    | { type: GgufNumberType; value: number }
    | { type: GgufBigIntType; value: bigint | number }
    | { type: "bool"; value: boolean }
    | { type: "string"; value: string }
    | { type: "array"; itemType: GgufNumberType; values: ArrayLike<number> }
    | { type: "array"; itemType: GgufBigIntType; values: ArrayLike<bigint | number> }
    | { type: "array"; itemType: "bool"; values: ArrayLike<boolean> }
    | { type: "array"; itemType: "string"; values: ArrayLike<string> };

/**
 * Writes elements `[start, start + chunk.length)` of a tensor (in memory order) into `chunk`, which arrives
 * zero-filled. Chunks hold whole rows (multiples of `dims[0]`) and come in order, each exactly once.
 */
export type GgufTensorFill = (chunk: Float32Array, start: number) => void;

/** One F32 tensor. */
export interface GgufTensor {
    /** Tensor name as llama.cpp looks it up, e.g. `blk.0.attn_q.weight`. */
    name: string;
    /**
     * Dimensions in ggml order: `ne[0]`, the length of one contiguous row, first. `[E, V]` is V rows of E values
     * (what PyTorch would call a `[V, E]` matrix).
     */
    dims: readonly number[];
    /** The values in memory order: all of them, or a function that writes them chunk by chunk. Omitted: zeros. */
    data?: Float32Array | GgufTensorFill;
}

/** A whole file: metadata and tensors, in the order they are written. */
export interface GgufFileSpec {
    /** Metadata by key. `general.alignment` comes from the writer's alignment option. */
    metadata: Record<string, GgufValue>;
    /** Tensors; their data follows the header in this order. */
    tensors: readonly GgufTensor[];
}

export interface GgufWriterOptions {
    /** Alignment of the tensor data section and of every tensor in it, in bytes. Default 32 (GGUF's default). */
    alignment?: number;
    /** Largest piece of tensor data held in memory at once, in bytes (rounded down to whole rows). Default 4 MiB. */
    chunkBytes?: number;
}

/** What `GgufWriter.write` produced. */
export interface GgufWriteResult {
    /** The written file. */
    path: string;
    /** Size of the file in bytes. */
    sizeBytes: number;
    /** Byte offset of the tensor data section (the end of the padded header). */
    tensorDataOffset: number;
    /** Total number of tensor elements: the model's parameter count. */
    parameterCount: number;
}

const valueTypeIds: Record<GgufScalarType | "array", number> = {
    u8: 0,
    i8: 1,
    u16: 2,
    i16: 3,
    u32: 4,
    i32: 5,
    f32: 6,
    bool: 7,
    string: 8,
    array: 9,
    u64: 10,
    i64: 11,
    f64: 12
};
const valueWidths: Record<Exclude<GgufScalarType, "string">, number> = {
    u8: 1,
    i8: 1,
    bool: 1,
    u16: 2,
    i16: 2,
    u32: 4,
    i32: 4,
    f32: 4,
    u64: 8,
    i64: 8,
    f64: 8
};
const f32TensorTypeId = 0;
const integerRanges: Record<Exclude<GgufNumberType, "f32" | "f64">, [number, number]> = {
    u8: [0, 0xff],
    i8: [-0x80, 0x7f],
    u16: [0, 0xffff],
    i16: [-0x8000, 0x7fff],
    u32: [0, 0xffffffff],
    i32: [-0x80000000, 0x7fffffff]
};
const bigIntRanges: Record<GgufBigIntType, [bigint, bigint]> = {
    u64: [0n, 0xffffffffffffffffn],
    i64: [-0x8000000000000000n, 0x7fffffffffffffffn]
};

// Tensor data is copied from Float32Array memory as is; GGUF is little-endian.
if (endianness() !== "LE") throw new Error("GgufWriter needs a little-endian host");

/** Builders for metadata values, so call sites read `gguf.u32(4096)` rather than `{type: "u32", value: 4096}`. */
export const gguf = {
    u8: (value: number): GgufValue => ({ type: "u8", value }),
    i8: (value: number): GgufValue => ({ type: "i8", value }),
    u16: (value: number): GgufValue => ({ type: "u16", value }),
    i16: (value: number): GgufValue => ({ type: "i16", value }),
    u32: (value: number): GgufValue => ({ type: "u32", value }),
    i32: (value: number): GgufValue => ({ type: "i32", value }),
    u64: (value: bigint | number): GgufValue => ({ type: "u64", value }),
    i64: (value: bigint | number): GgufValue => ({ type: "i64", value }),
    f32: (value: number): GgufValue => ({ type: "f32", value }),
    f64: (value: number): GgufValue => ({ type: "f64", value }),
    bool: (value: boolean): GgufValue => ({ type: "bool", value }),
    string: (value: string): GgufValue => ({ type: "string", value }),
    /** An array of numbers of one type, e.g. `gguf.numbers("u16", [1, 2])`. */
    numbers: (itemType: GgufNumberType, values: ArrayLike<number>): GgufValue => ({ type: "array", itemType, values }),
    /** An array of 64-bit integers. */
    bigInts: (itemType: GgufBigIntType, values: ArrayLike<bigint | number>): GgufValue => ({
        type: "array",
        itemType,
        values
    }),
    bools: (values: ArrayLike<boolean>): GgufValue => ({ type: "array", itemType: "bool", values }),
    strings: (values: ArrayLike<string>): GgufValue => ({ type: "array", itemType: "string", values }),
    f32s: (values: ArrayLike<number>): GgufValue => ({ type: "array", itemType: "f32", values }),
    i32s: (values: ArrayLike<number>): GgufValue => ({ type: "array", itemType: "i32", values })
};

/**
 * Collects metadata and tensors, then writes the file: header (magic, version 3, counts, metadata, tensor
 * infos), padding, and each tensor's data at an aligned offset. The file appears under its name only when complete,
 * so a reader never sees half a model.
 */
export class GgufWriter {
    private readonly metadata = new Map<string, GgufValue>();
    private readonly tensors: GgufTensor[] = [];
    private readonly alignment: number;
    private readonly chunkBytes: number;

    constructor(options: GgufWriterOptions = {}) {
        this.alignment = options.alignment ?? 32;
        this.chunkBytes = options.chunkBytes ?? 4 * 1024 * 1024;
        if (!Number.isInteger(this.alignment) || this.alignment <= 0 || this.alignment % 8 !== 0) {
            throw new RangeError(`alignment must be a positive multiple of 8, not ${this.alignment}`);
        }
        this.metadata.set("general.alignment", gguf.u32(this.alignment));
    }

    /** Sets (or replaces) one metadata entry. Entries are written in the order they were first set. */
    setMetadata(key: string, value: GgufValue): this {
        if (key === "general.alignment" && !(value.type === "u32" && value.value === this.alignment)) {
            throw new RangeError(`general.alignment must be u32 ${this.alignment}: set it with the alignment option`);
        }
        checkValue(key, value);
        this.metadata.set(key, value);
        return this;
    }

    addTensor(tensor: GgufTensor): this {
        if (this.tensors.some((t) => t.name === tensor.name)) throw new Error(`duplicate tensor name ${tensor.name}`);
        if (
            tensor.dims.length === 0 ||
            tensor.dims.length > 4 ||
            !tensor.dims.every((d) => Number.isInteger(d) && d > 0)
        ) {
            throw new RangeError(
                `tensor ${tensor.name}: dims must be 1 to 4 positive integers, not [${tensor.dims.join(", ")}]`
            );
        }
        if (tensor.data instanceof Float32Array && tensor.data.length !== elementCount(tensor)) {
            throw new RangeError(
                `tensor ${tensor.name}: ${tensor.data.length} values for ${elementCount(tensor)} elements`
            );
        }
        this.tensors.push(tensor);
        return this;
    }

    async write(path: string): Promise<GgufWriteResult> {
        const header = this.header();
        const tensorDataOffset = this.alignUp(header.length);
        const partial = `${path}.${process.pid}.partial`;
        const file = await open(partial, "w");
        let written = 0;
        const append = async (bytes: Uint8Array) => {
            await file.write(bytes, 0, bytes.length, written);
            written += bytes.length;
        };
        const padTo = async (offset: number) => {
            if (offset > written) await append(new Uint8Array(offset - written));
        };
        try {
            await append(header);
            for (const tensor of this.tensors) {
                await padTo(this.alignUp(written));
                await this.writeTensorData(tensor, append);
            }
            await padTo(this.alignUp(written));
            await file.close();
            await rename(partial, path);
        } catch (error) {
            await file.close().catch(() => undefined);
            await rm(partial, { force: true });
            throw error;
        }
        const parameterCount = this.tensors.reduce((sum, tensor) => sum + elementCount(tensor), 0);
        return { path, sizeBytes: written, tensorDataOffset, parameterCount };
    }

    private async writeTensorData(tensor: GgufTensor, append: (bytes: Uint8Array) => Promise<void>): Promise<void> {
        const { data } = tensor;
        if (data instanceof Float32Array) {
            await append(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
            return;
        }
        const total = elementCount(tensor);
        const rowLength = tensor.dims[0]!;
        const rowsPerChunk = Math.max(1, Math.floor(this.chunkBytes / 4 / rowLength));
        const buffer = new Float32Array(Math.min(total, rowsPerChunk * rowLength));
        for (let start = 0; start < total; start += buffer.length) {
            const chunk = buffer.subarray(0, Math.min(buffer.length, total - start));
            if (start > 0) chunk.fill(0);
            data?.(chunk, start);
            await append(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        }
    }

    private header(): Buffer {
        const out = new HeaderBytes();
        out.raw(Buffer.from("GGUF", "ascii"));
        out.u32(3);
        out.u64(this.tensors.length);
        out.u64(this.metadata.size);
        for (const [key, value] of this.metadata) {
            out.string(key);
            out.u32(valueTypeIds[value.type]);
            if (value.type === "array") {
                out.u32(valueTypeIds[value.itemType]);
                out.u64(value.values.length);
                out.array(value);
            } else {
                out.scalar(value);
            }
        }
        let offset = 0;
        for (const tensor of this.tensors) {
            out.string(tensor.name);
            out.u32(tensor.dims.length);
            for (const dim of tensor.dims) out.u64(dim);
            out.u32(f32TensorTypeId);
            out.u64(offset);
            offset = this.alignUp(offset + elementCount(tensor) * 4);
        }
        return out.toBuffer();
    }

    private alignUp(offset: number): number {
        return Math.ceil(offset / this.alignment) * this.alignment;
    }
}

/** Writes a whole file in one call; see `GgufWriter` for the format. */
export async function writeGguf(
    path: string,
    spec: GgufFileSpec,
    options: GgufWriterOptions = {}
): Promise<GgufWriteResult> {
    const writer = new GgufWriter(options);
    for (const [key, value] of Object.entries(spec.metadata)) writer.setMetadata(key, value);
    for (const tensor of spec.tensors) writer.addTensor(tensor);
    return writer.write(path);
}

/** The number of values in a tensor: the product of its dimensions. */
export function elementCount(tensor: Pick<GgufTensor, "dims">): number {
    return tensor.dims.reduce((product, dim) => product * dim, 1);
}

/** Rejects values the file cannot represent, so a wrong test model fails where it is built rather than in llama.cpp. */
function checkValue(key: string, value: GgufValue): void {
    const type = value.type === "array" ? value.itemType : value.type;
    const fail = (item: unknown): never => {
        throw new RangeError(`metadata ${key}: ${String(item)} is not a valid ${type}`);
    };
    const check = (item: unknown) => {
        switch (type) {
            case "string":
                return typeof item === "string" || fail(item);
            case "bool":
                return typeof item === "boolean" || fail(item);
            case "f32":
            case "f64":
                return typeof item === "number" || fail(item);
            case "u64":
            case "i64": {
                if (typeof item !== "bigint" && !(typeof item === "number" && Number.isSafeInteger(item))) fail(item);
                const big = BigInt(item as bigint | number);
                return (big >= bigIntRanges[type][0] && big <= bigIntRanges[type][1]) || fail(item);
            }
            default: {
                const [min, max] = integerRanges[type];
                return (typeof item === "number" && Number.isInteger(item) && item >= min && item <= max) || fail(item);
            }
        }
    };
    if (value.type === "array") {
        for (let i = 0; i < value.values.length; i++) check(value.values[i]);
    } else {
        check(value.value);
    }
}

/** The header under construction: little-endian pieces, concatenated once at the end. */
class HeaderBytes {
    private readonly pieces: Buffer[] = [];

    raw(bytes: Buffer): void {
        this.pieces.push(bytes);
    }

    u32(value: number): void {
        const bytes = Buffer.allocUnsafe(4);
        bytes.writeUInt32LE(value);
        this.pieces.push(bytes);
    }

    u64(value: number | bigint): void {
        const bytes = Buffer.allocUnsafe(8);
        bytes.writeBigUInt64LE(BigInt(value));
        this.pieces.push(bytes);
    }

    string(value: string): void {
        const bytes = Buffer.from(value, "utf8");
        this.u64(bytes.length);
        this.pieces.push(bytes);
    }

    scalar(value: Exclude<GgufValue, { type: "array" }>): void {
        if (value.type === "string") this.string(value.value);
        else this.items(value.type, [value.value]);
    }

    array(value: Extract<GgufValue, { type: "array" }>): void {
        if (value.itemType === "string") {
            for (let i = 0; i < value.values.length; i++) this.string(value.values[i]!);
        } else {
            this.items(value.itemType, value.values);
        }
    }

    /** Packs scalars of one fixed-width type into one buffer: tokenizer arrays hold tens of thousands of values. */
    private items(type: Exclude<GgufScalarType, "string">, values: ArrayLike<number | bigint | boolean>): void {
        const width = valueWidths[type];
        const bytes = Buffer.alloc(values.length * width);
        for (let i = 0; i < values.length; i++) {
            const item = values[i]!;
            const at = i * width;
            switch (type) {
                case "u8":
                    bytes.writeUInt8(item as number, at);
                    break;
                case "i8":
                    bytes.writeInt8(item as number, at);
                    break;
                case "bool":
                    bytes.writeUInt8(item ? 1 : 0, at);
                    break;
                case "u16":
                    bytes.writeUInt16LE(item as number, at);
                    break;
                case "i16":
                    bytes.writeInt16LE(item as number, at);
                    break;
                case "u32":
                    bytes.writeUInt32LE(item as number, at);
                    break;
                case "i32":
                    bytes.writeInt32LE(item as number, at);
                    break;
                case "f32":
                    bytes.writeFloatLE(item as number, at);
                    break;
                case "f64":
                    bytes.writeDoubleLE(item as number, at);
                    break;
                case "u64":
                    bytes.writeBigUInt64LE(BigInt(item as number | bigint), at);
                    break;
                case "i64":
                    bytes.writeBigInt64LE(BigInt(item as number | bigint), at);
                    break;
            }
        }
        this.pieces.push(bytes);
    }

    toBuffer(): Buffer {
        return Buffer.concat(this.pieces);
    }
}
