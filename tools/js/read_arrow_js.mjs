// Reads a SlideEmbed Arrow file with Arrow JS and prints what it sees as one JSON document:
// row count, column names and types, x and y, the embedding matrix as base64 of its little-endian
// float bytes (bit-exact), and the schema metadata. Usage: node read_arrow_js.mjs FILE
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";

const table = tableFromIPC(readFileSync(process.argv[2]));
const embedding = table.getChild("embedding");
const dim = embedding.type.listSize;
const chunks = [];
for (const data of embedding.data) {
  const values = data.children[0].values; // Float32Array or Uint16Array (float16)
  const start = data.offset * dim;
  const part = values.subarray(start, start + data.length * dim);
  chunks.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
}
const column = (name) => (table.getChild(name) ? Array.from(table.getChild(name).toArray(), (v) => v.toString()) : null);
console.log(JSON.stringify({
  reader: "apache-arrow",
  rows: table.numRows,
  columns: table.schema.fields.map((f) => ({ name: f.name, type: f.type.toString(), nullable: f.nullable })),
  dim,
  x: column("x"),
  y: column("y"),
  embedding_base64: Buffer.concat(chunks).toString("base64"),
  embedding_field_metadata: Object.fromEntries(table.schema.fields.find((f) => f.name === "embedding").metadata),
  metadata: Object.fromEntries(table.schema.metadata),
}));
