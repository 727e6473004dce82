// Compares the embedding outputs of two SlideEmbed model folders with Arrow JS, an independent reader:
// every *.tiles.arrow and *.slide.arrow of the first must exist in the second with the same columns,
// the same rows in the same order, equal non-embedding values and bit-identical embedding bytes.
// Schema metadata (provenance, times, random file ids) is not compared.
// Prints one line per difference and a final "same: N files" or "DIFFERENT: N of M files"; exits 1 on any difference.
// Usage: node same_outputs.mjs FOLDER_A FOLDER_B
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";

const [a, b] = process.argv.slice(2);
const names = (dir) => readdirSync(dir).filter((n) => n.endsWith(".tiles.arrow") || n.endsWith(".slide.arrow")).sort();

function columns(file) {
  const table = tableFromIPC(readFileSync(file));
  const out = { rows: table.numRows, fields: table.schema.fields.map((f) => `${f.name}:${f.type}`) };
  for (const field of table.schema.fields) {
    const child = table.getChild(field.name);
    if (field.name === "embedding") {
      const parts = [];
      for (const data of child.data) {
        const values = data.children[0].values;
        const dim = field.type.listSize;
        const part = values.subarray(data.offset * dim, (data.offset + data.length) * dim);
        parts.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
      }
      out[field.name] = Buffer.concat(parts).toString("base64");
    } else {
      out[field.name] = JSON.stringify(Array.from(child.toArray(), (v) => (v === null ? null : v.toString())));
    }
  }
  return out;
}

const listed = names(a);
let different = 0;
for (const name of listed) {
  const other = join(b, name);
  if (!existsSync(other)) {
    console.log(`${name}: only in ${a}`);
    different++;
    continue;
  }
  const x = columns(join(a, name));
  const y = columns(other);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  const bad = [...keys].filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
  if (bad.length > 0) {
    console.log(`${name}: differs in ${bad.join(", ")}`);
    different++;
  }
}
for (const name of names(b).filter((n) => !listed.includes(n))) {
  console.log(`${name}: only in ${b}`);
  different++;
}
const total = new Set([...listed, ...names(b)]).size;
console.log(different === 0 ? `same: ${total} files` : `DIFFERENT: ${different} of ${total} files`);
process.exit(different === 0 && total > 0 ? 0 : 1);
