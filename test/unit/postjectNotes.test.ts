import { strict as assert } from "node:assert";
import { collectingWarnings, sortNotes } from "../../tools/release/postjectNotes";

/** The release says what postject's parser prints of the Node binaries, in one line a kind. */
describe("release: postject's notes", () => {
  it("counts the expected ELF and PE notes and passes anything else on", () => {
    const { explained, other } = sortNotes([
      "warning: Can't find string offset for section name '.note.100'",
      "warning: Can't find string offset for section name '.note.100'",
      "warning: Can't find string offset for section name '.note'",
      "warning: The signature seems corrupted!",
      "error: something new",
    ]);
    assert.deepEqual(explained, [
      "3 x ELF note sections without a name (harmless: the blob goes into a note of its own)",
      "1 x the Windows binary's Authenticode signature, which the injection invalidates",
    ]);
    assert.deepEqual(other, ["error: something new"]);
  });

  it("collects console.warn while the work runs, and restores it", async () => {
    const original = console.warn;
    const { result, lines } = await collectingWarnings(async () => {
      console.warn("warning:", "The signature seems corrupted!");
      return 7;
    });
    assert.equal(result, 7);
    assert.deepEqual(lines, ["warning: The signature seems corrupted!"]);
    assert.equal(console.warn, original);
  });
});
