// Writes GGUF v3 files from plain TypeScript: typed metadata and F32 tensors in ggml dimension order.
// Tests build every model they run this way, since no weights can be downloaded.

import { closeSync, openSync, writeSync } from "node:fs";

type ScalarType = "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "f32" | "bool" | "string" | "u64" | "i64" | "f64";

/** A metadata value with its GGUF type. */
export type GgufValue =
    | { type: Exclude<ScalarType, "string" | "bool" | "u64" | "i64">; value: number }
    | { type: "u64" | "i64"; value: bigint | number }
    | { type: "bool"; value: boolean }
    | { type: "string"; value: string }
    | { type: "array"; itemType: Exclude<ScalarType, "u64" | "i64" | "bool" | "string">; values: ArrayLike<number> }
    | { type: "array"; itemType: "string"; values: readonly string[] };

export interface GgufTensorSpec {
    name: string;
    /** Dimensions in ggml order: the fastest-varying (row length) first. */
    dims: number[];
    /** Fills the tensor's data (row-major in ggml order); called once, when the tensor is written. */
    fill: (data: Float32Array) => void;
}

export interface GgufFileSpec {
    metadata: Record<string, GgufValue>;
    tensors: GgufTensorSpec[];
}

const typeIds: Record<ScalarType | "array", number> = {
    u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12
};
const alignment = 32;

export const gguf = {
    u32: (value: number): GgufValue => ({ type: "u32", value }),
    i32: (value: number): GgufValue => ({ type: "i32", value }),
    f32: (value: number): GgufValue => ({ type: "f32", value }),
    bool: (value: boolean): GgufValue => ({ type: "bool", value }),
    string: (value: string): GgufValue => ({ type: "string", value }),
    strings: (values: readonly string[]): GgufValue => ({ type: "array", itemType: "string", values }),
    f32s: (values: ArrayLike<number>): GgufValue => ({ type: "array", itemType: "f32", values }),
    i32s: (values: ArrayLike<number>): GgufValue => ({ type: "array", itemType: "i32", values })
};

/** Growable little-endian byte buffer for the header. */
class ByteSink {
    private chunks: Buffer[] = [];
    length = 0;

    push(buffer: Buffer): void {
        this.chunks.push(buffer);
        this.length += buffer.length;
    }

    u32(value: number): void {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(value);
        this.push(b);
    }

    u64(value: number | bigint): void {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(BigInt(value));
        this.push(b);
    }

    string(value: string): void {
        const bytes = Buffer.from(value, "utf8");
        this.u64(bytes.length);
        this.push(bytes);
    }

    scalar(type: ScalarType, value: number | bigint | boolean | string): void {
        const b = Buffer.alloc(8);
        switch (type) {
            case "u8": b.writeUInt8(Number(value)); return this.push(b.subarray(0, 1));
            case "i8": b.writeInt8(Number(value)); return this.push(b.subarray(0, 1));
            case "u16": b.writeUInt16LE(Number(value)); return this.push(b.subarray(0, 2));
            case "i16": b.writeInt16LE(Number(value)); return this.push(b.subarray(0, 2));
            case "u32": b.writeUInt32LE(Number(value)); return this.push(b.subarray(0, 4));
            case "i32": b.writeInt32LE(Number(value)); return this.push(b.subarray(0, 4));
            case "f32": b.writeFloatLE(Number(value)); return this.push(b.subarray(0, 4));
            case "bool": b.writeUInt8(value ? 1 : 0); return this.push(b.subarray(0, 1));
            case "u64": b.writeBigUInt64LE(BigInt(value as number)); return this.push(b);
            case "i64": b.writeBigInt64LE(BigInt(value as number)); return this.push(b);
            case "f64": b.writeDoubleLE(Number(value)); return this.push(b);
            case "string": return this.string(String(value));
        }
    }

    /** Packs a numeric array in one buffer: tokenizer arrays hold tens of thousands of values. */
    numbers(type: Exclude<ScalarType, "u64" | "i64" | "bool" | "string">, values: ArrayLike<number>): void {
        const width = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, f64: 8 }[type];
        const b = Buffer.alloc(values.length * width);
        for (let i = 0; i < values.length; i++) {
            const v = values[i]!;
            if (type === "f32") b.writeFloatLE(v, i * 4);
            else if (type === "i32") b.writeInt32LE(v, i * 4);
            else if (type === "u32") b.writeUInt32LE(v, i * 4);
            else if (type === "f64") b.writeDoubleLE(v, i * 8);
            else if (type === "u8") b.writeUInt8(v, i);
            else if (type === "i8") b.writeInt8(v, i);
            else if (type === "u16") b.writeUInt16LE(v, i * 2);
            else b.writeInt16LE(v, i * 2);
        }
        this.push(b);
    }

    toBuffer(): Buffer {
        return Buffer.concat(this.chunks, this.length);
    }
}

function alignUp(value: number): number {
    return Math.ceil(value / alignment) * alignment;
}

/** Writes the file and returns its size in bytes. Tensor data is streamed one tensor at a time. */
export function writeGguf(path: string, spec: GgufFileSpec): number {
    const header = new ByteSink();
    header.push(Buffer.from("GGUF", "ascii"));
    header.u32(3);
    header.u64(spec.tensors.length);
    const metadata = { "general.alignment": gguf.u32(alignment), ...spec.metadata };
    header.u64(Object.keys(metadata).length);
    for (const [key, value] of Object.entries(metadata)) {
        header.string(key);
        header.u32(typeIds[value.type]);
        if (value.type === "array") {
            header.u32(typeIds[value.itemType]);
            header.u64(value.values.length);
            if (value.itemType === "string") for (const item of value.values as readonly string[]) header.string(item);
            else header.numbers(value.itemType, value.values as ArrayLike<number>);
        } else {
            header.scalar(value.type, value.value);
        }
    }
    let offset = 0;
    const sizes: number[] = [];
    for (const tensor of spec.tensors) {
        header.string(tensor.name);
        header.u32(tensor.dims.length);
        for (const dim of tensor.dims) header.u64(dim);
        header.u32(0); // F32
        header.u64(offset);
        const size = tensor.dims.reduce((a, b) => a * b, 1) * 4;
        sizes.push(size);
        offset += alignUp(size);
    }
    const headerBytes = header.toBuffer();
    const fd = openSync(path, "w");
    try {
        writeSync(fd, headerBytes);
        let written = headerBytes.length;
        const pad = (to: number) => {
            if (to > written) writeSync(fd, Buffer.alloc(to - written));
            written = to;
        };
        pad(alignUp(written));
        spec.tensors.forEach((tensor, i) => {
            const data = new Float32Array(sizes[i]! / 4);
            tensor.fill(data);
            writeSync(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
            written += data.byteLength;
            pad(alignUp(written));
        });
        return written;
    } finally {
        closeSync(fd);
    }
}
