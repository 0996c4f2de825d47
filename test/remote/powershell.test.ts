// The answer cleaner: BOM and CLIXML blocks out, everything else kept, in one linear pass.
import fc from "fast-check";
import { cleanOutput, parseAnswer } from "../../remote/powershell";
import { RemoteError } from "../../remote/remote-error";

const BLOCK =
  '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj S="progress" RefId="0"></Obj></Objs>';
const answer = (data: unknown) => JSON.stringify({ status: "ok", data });

test("CLIXML blocks and a BOM around and before the answer are stripped", () => {
  const out = Buffer.from(`\uFEFF${BLOCK}\r\n${answer({ a: 1 })}${BLOCK}`);
  expect(parseAnswer("web01", 0, out, Buffer.from(BLOCK))).toEqual({ a: 1 });
});

// Issue 10: "unclosed CLIXML openers in 1–4 MB of output" — the lazy regex searched to the end of
// the output again from every opener, so the scan's one thread stalled for minutes.
test("unclosed CLIXML openers in 2 MB of output are handled in time linear in the output", () => {
  const hostile = Buffer.from(`${"#< CLIXML\r\n<Objs>".repeat(120_000)}${answer({})}`); // 2.2 MB
  expect(hostile.length).toBeGreaterThan(2_000_000);
  const started = performance.now();
  expect(() => parseAnswer("web01", 0, hostile, hostile)).toThrow(RemoteError);
  expect(performance.now() - started).toBeLessThan(500);
});

test("an unclosed opener is left in place with everything after it, so the answer is refused as bad-output, not half-read", () => {
  const out = Buffer.from(`${BLOCK}#< CLIXML\r\n<Objs><Obj>${answer({ a: 1 })}`);
  expect(cleanOutput(out)).toBe(`#< CLIXML\r\n<Objs><Obj>${answer({ a: 1 })}`);
  expect(() => parseAnswer("web01", 0, out, Buffer.alloc(0))).toThrow(/^web01: output is not one JSON document \(exit 0\): "#< CLIXML/);
});

test("strips exactly what the former regular expression stripped (generated outputs)", () => {
  const formerClixml = /#< CLIXML\r?\n?<Objs[\s\S]*?<\/Objs>/g;
  const piece = fc.constantFrom("#< CLIXML", "\r", "\n", "<Objs", "</Objs>", "<Objs>", "x", "{}", "#<", " ");
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
      const text = pieces.join("");
      expect(cleanOutput(text)).toBe(text.replace(formerClixml, "").trim());
    }),
    { numRuns: 5000 },
  );
});
