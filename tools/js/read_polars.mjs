// Reads a SlideEmbed Arrow file with polars (Rust core through nodejs-polars) and prints what it sees
// as one JSON document: row count, dtypes, x and y, and the embedding matrix as base64 of its
// little-endian float32 bytes (bit-exact). Usage: node read_polars.mjs FILE
import { readFileSync } from "node:fs";
import pl from "nodejs-polars";

const df = pl.readIPC(readFileSync(process.argv[2]));
const emb = df.getColumn("embedding");
const rows = emb.toArray();
const dim = rows.length > 0 ? rows[0].length : 0;
const flat = new Float32Array(rows.length * dim);
rows.forEach((r, i) => flat.set(Float32Array.from(r), i * dim));
console.log(JSON.stringify({
  reader: "nodejs-polars",
  rows: df.height,
  dtypes: Object.fromEntries(df.columns.map((c) => [c, String(df.getColumn(c).dtype)])),
  dim,
  x: df.columns.includes("x") ? df.getColumn("x").toArray().map((v) => v.toString()) : null,
  y: df.columns.includes("y") ? df.getColumn("y").toArray().map((v) => v.toString()) : null,
  embedding_base64: Buffer.from(flat.buffer).toString("base64"),
}));
