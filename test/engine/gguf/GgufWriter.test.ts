// The GGUF writer, read back by node-llama-cpp's own GGUF parser: every metadata value type, tensor layout and
// alignment, tensor data streamed in chunks, and the mistakes it refuses to write.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { GgufWriter, gguf, writeGguf, testModelDir, type GgufValue } from "../../support/models/index.js";

const dir = testModelDir();

/** Reads a dotted key out of node-llama-cpp's nested metadata object. */
function metadataAt(metadata: object, key: string): unknown {
    return key
        .split(".")
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], metadata);
}

test("every metadata value type reads back as written", async () => {
    const values: Record<string, [GgufValue, unknown]> = {
        "t.u8": [gguf.u8(255), 255],
        "t.i8": [gguf.i8(-128), -128],
        "t.u16": [gguf.u16(65535), 65535],
        "t.i16": [gguf.i16(-32768), -32768],
        "t.u32": [gguf.u32(4294967295), 4294967295],
        "t.i32": [gguf.i32(-2147483648), -2147483648],
        "t.u64": [gguf.u64(18446744073709551615n), 18446744073709551615n],
        "t.u64small": [gguf.u64(7), 7n],
        "t.i64": [gguf.i64(-9007199254740993n), -9007199254740993n],
        "t.f32": [gguf.f32(1.5), 1.5],
        "t.f64": [gguf.f64(Math.PI), Math.PI],
        "t.bool": [gguf.bool(true), true],
        "t.string": [gguf.string("<｜User｜> ünïcødé 😀\n"), "<｜User｜> ünïcødé 😀\n"],
        "t.empty": [gguf.string(""), ""],
        "t.u8s": [gguf.numbers("u8", [0, 1, 255]), [0, 1, 255]],
        "t.i16s": [gguf.numbers("i16", [-2, 2]), [-2, 2]],
        "t.f32s": [gguf.f32s([0.25, -1]), [0.25, -1]],
        "t.f64s": [gguf.numbers("f64", [1e300]), [1e300]],
        "t.i32s": [gguf.i32s(new Int32Array([7, -7])), [7, -7]],
        "t.u64s": [gguf.bigInts("u64", [1n, 2n ** 63n]), [1n, 2n ** 63n]],
        "t.bools": [gguf.bools([true, false]), [true, false]],
        "t.strings": [gguf.strings(["a", "", "<think>"]), ["a", "", "<think>"]],
        "t.none": [gguf.strings([]), []]
    };
    const writer = new GgufWriter();
    for (const [key, [value]] of Object.entries(values)) writer.setMetadata(key, value);
    writer.addTensor({ name: "x", dims: [3] });
    const path = join(dir, "writer-metadata.gguf");
    await writer.write(path);

    const info = await readGgufFileInfo(path);
    assert.equal(info.version, 3);
    assert.equal(metadataAt(info.metadata, "general.alignment"), 32);
    for (const [key, [, expected]] of Object.entries(values)) {
        // 64-bit integers come back as bigints.
        assert.deepEqual(metadataAt(info.metadata, key), expected, key);
    }
});

test("tensors: ggml dimension order, 32-byte aligned offsets, data streamed chunk by chunk", async () => {
    const path = join(dir, "writer-tensors.gguf");
    const starts: number[] = [];
    const result = await writeGguf(
        path,
        {
            metadata: { "general.name": gguf.string("layout") },
            tensors: [
                { name: "odd", dims: [3], data: new Float32Array([1, 2, 3]) },
                // 5 rows of 7 with 64-byte chunks: two rows (56 bytes) a chunk, so three chunks, the last one short.
                {
                    name: "rows",
                    dims: [7, 5],
                    data: (chunk, start) => {
                        starts.push(start);
                        chunk.forEach((_, i) => {
                            chunk[i] = start + i;
                        });
                    }
                },
                { name: "zeros", dims: [2, 3, 4] }
            ]
        },
        { chunkBytes: 64 }
    );
    assert.deepEqual(starts, [0, 14, 28]);
    assert.equal(result.parameterCount, 3 + 35 + 24);

    const info = await readGgufFileInfo(path);
    const tensors = info.tensorInfo ?? [];
    assert.deepEqual(
        tensors.map((t) => [t.name, t.dimensions.map(Number), t.ggmlType, Number(t.offset)]),
        [
            ["odd", [3], 0, 0],
            ["rows", [7, 5], 0, 32],
            ["zeros", [2, 3, 4], 0, 192]
        ]
    );
    assert.equal(result.tensorDataOffset % 32, 0);
    assert.equal(info.infoEndOffset, result.tensorDataOffset);
    const bytes = await readFile(path);
    assert.equal(bytes.length, result.sizeBytes);
    assert.equal(result.sizeBytes % 32, 0);
    const floats = (offset: number, count: number) => [
        ...new Float32Array(
            bytes.buffer.slice(
                bytes.byteOffset + result.tensorDataOffset + offset,
                bytes.byteOffset + result.tensorDataOffset + offset + count * 4
            )
        )
    ];
    assert.deepEqual(floats(0, 3), [1, 2, 3]);
    assert.deepEqual(
        floats(32, 35),
        Array.from({ length: 35 }, (_, i) => i)
    );
    assert.deepEqual(floats(192, 24), new Array(24).fill(0));
});

test("values and tensors the file cannot hold are refused before anything is written", async () => {
    const writer = new GgufWriter();
    assert.throws(() => writer.setMetadata("a", gguf.u8(256)), /a: 256 is not a valid u8/);
    assert.throws(() => writer.setMetadata("a", gguf.u32(1.5)), /not a valid u32/);
    assert.throws(() => writer.setMetadata("a", gguf.u64(-1)), /not a valid u64/);
    assert.throws(() => writer.setMetadata("a", gguf.numbers("i8", [1, 200])), /200 is not a valid i8/);
    assert.throws(() => writer.setMetadata("general.alignment", gguf.u32(64)), /alignment option/);
    assert.throws(() => writer.addTensor({ name: "t", dims: [0] }), /positive integers/);
    assert.throws(
        () => writer.addTensor({ name: "t", dims: [2], data: new Float32Array(3) }),
        /3 values for 2 elements/
    );
    writer.addTensor({ name: "t", dims: [2] });
    assert.throws(() => writer.addTensor({ name: "t", dims: [2] }), /duplicate tensor name t/);
    assert.throws(() => new GgufWriter({ alignment: 12 }), /multiple of 8/);

    // A fill that throws leaves no file (and no partial file) behind.
    const path = join(dir, "writer-failed.gguf");
    const failing = new GgufWriter().addTensor({
        name: "t",
        dims: [4],
        data: () => {
            throw new Error("fill failed");
        }
    });
    await assert.rejects(failing.write(path), /fill failed/);
    assert.equal(existsSync(path), false);
    assert.equal(existsSync(`${path}.${process.pid}.partial`), false);
});
