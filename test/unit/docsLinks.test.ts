import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

/*
 * Relative links in the project's Markdown lead somewhere: the file exists, and an anchor names
 * a heading of the target (GitHub's slugs). Moving a section between the README and docs/
 * breaks no reader's link unnoticed.
 */
const REPO = path.resolve(__dirname, "../../..");

function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(REPO, "docs")).filter((f) => f.endsWith(".md"));
  const examples = fs
    .readdirSync(path.join(REPO, "examples"))
    .map((d) => path.join("examples", d, "README.md"))
    .filter((f) => fs.existsSync(path.join(REPO, f)));
  const front = [
    "README.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "emulator/README.md",
    "examples/README.md",
  ];
  return [...front, ...docs.map((f) => `docs/${f}`), ...examples];
}

/** The text outside fenced code blocks, where a link is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(file: string): Set<string> {
  const headings = prose(fs.readFileSync(file, "utf8")).match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((h) => slug(h.replace(/^#+ /, "").trim())));
}

function brokenLinks(file: string): string[] {
  const text = prose(fs.readFileSync(path.join(REPO, file), "utf8"));
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^(https?|mailto):/.test(target)) continue;
    const [pathPart, anchor] = target.split("#", 2);
    const resolved = pathPart
      ? path.resolve(path.dirname(path.join(REPO, file)), pathPart)
      : path.join(REPO, file);
    if (!fs.existsSync(resolved)) {
      broken.push(`${file}: ${target} (no such file)`);
    } else if (anchor && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) {
      broken.push(`${file}: ${target} (no such heading)`);
    }
  }
  return broken;
}

describe("links in the documentation", () => {
  it("slugs headings as GitHub does", () => {
    assert.equal(
      slug("Against Azure and against the emulator"),
      "against-azure-and-against-the-emulator",
    );
    assert.equal(
      slug("Pulumi YAML, `pulumi import` and other languages"),
      "pulumi-yaml-pulumi-import-and-other-languages",
    );
  });

  it("every relative link leads to a file, and every anchor to a heading", () => {
    const files = markdownFiles();
    assert.ok(files.length >= 8, `only ${files.length} Markdown files found`);
    assert.deepEqual(files.flatMap(brokenLinks), []);
  });
});
