// Data-driven: each fixtures/portmaps/NAME.json is a server answer; NAME.expected.json is what the status
// item and the port map list show for it. UPDATE_EXPECTED=1 npm test rewrites the expected files.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, it } from "node:test";
import { parsePortMap, portMapRows, statusView, summarize } from "../src/portMapModel";

const fixtures = join(__dirname, "..", "..", "extension", "test", "fixtures", "portmaps");
const inputs = readdirSync(fixtures).filter((name) => name.endsWith(".json") && !name.endsWith(".expected.json"));

function render(input: unknown): unknown {
  const map = parsePortMap(input);
  assert.ok(map, "the fixture is not a version-1 port map");
  return {
    status: statusView(summarize(map)),
    rows: portMapRows(map, posix.join).map((row) => ({
      label: row.label,
      description: row.description,
      detail: row.detail,
      open: `${row.file}:${row.range.start.line + 1}:${row.range.start.character + 1}`,
      state: row.state,
    })),
  };
}

describe("port map fixtures", () => {
  assert.ok(inputs.length >= 5);
  for (const name of inputs) {
    it(name, () => {
      const actual = render(JSON.parse(readFileSync(join(fixtures, name), "utf8")));
      const expectedPath = join(fixtures, name.replace(/\.json$/, ".expected.json"));
      if (process.env.UPDATE_EXPECTED || !existsSync(expectedPath)) {
        writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      }
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, "utf8")));
    });
  }
});

describe("the status item", () => {
  it("names the foreign holder of a port the workspace wants", () => {
    const map = parsePortMap(JSON.parse(readFileSync(join(fixtures, "airplay.json"), "utf8")));
    assert.ok(map);
    const view = statusView(summarize(map));
    assert.equal(view.text, "$(warning) 5000 held by ControlCenter");
    assert.equal(view.warning, true);
  });

  it("trusts the server's ours/foreign decision (a neverForeign docker-proxy is not a warning)", () => {
    const map = parsePortMap(JSON.parse(readFileSync(join(fixtures, "never-foreign-docker.json"), "utf8")));
    assert.ok(map);
    assert.equal(statusView(summarize(map)).text, "$(check) portlint: 1 port ok");
    assert.equal(portMapRows(map, posix.join)[0]?.state, "ours");
    // The same holder judged foreign by the server is one.
    const foreign = structuredClone(map);
    const claim = foreign.folders[0]?.claims[0];
    assert.ok(claim);
    claim.side = "foreign";
    assert.equal(portMapRows(foreign, posix.join)[0]?.state, "foreign");
  });

  it("counts distinct ports when all is well", () => {
    const map = parsePortMap(JSON.parse(readFileSync(join(fixtures, "all-ok.json"), "utf8")));
    assert.ok(map);
    assert.equal(statusView(summarize(map)).text, "$(check) portlint: 4 ports ok");
  });
});

describe("parsePortMap", () => {
  it("refuses answers of another shape or version", () => {
    assert.equal(parsePortMap(null), undefined);
    assert.equal(parsePortMap({ version: 2, folders: [] }), undefined);
    assert.equal(parsePortMap({ version: 1, folders: [{ claims: [] }] }), undefined);
    assert.equal(parsePortMap([]), undefined);
  });

  it("drops malformed claims and listeners but keeps the rest", () => {
    const map = parsePortMap({
      version: 1,
      folders: [
        {
          root: "/r",
          live: true,
          claims: [
            { port: "5000" },
            {
              service: "s",
              role: "listen",
              host: "h",
              port: 1,
              file: "f",
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
              holders: [],
            },
          ],
          listeners: [7, { pid: 3 }],
        },
      ],
    });
    assert.equal(map?.folders[0]?.claims.length, 1);
    assert.deepEqual(map?.folders[0]?.listeners, [{ pid: 3, process: null, ours: false }]);
    assert.equal(map?.folders[0]?.problems, 0);
  });
});
