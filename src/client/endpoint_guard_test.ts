import assert from "node:assert/strict";
import { MinerError, PrivateEndpointError } from "../errors/mod.ts";
import { classifyAddress } from "./_ip.ts";
import { EndpointGuard } from "./mod.ts";

Deno.test("classifyAddress() refuses non-public IPv4 and IPv6 addresses", async (t) => {
  const refused: [string, RegExp][] = [
    ["127.0.0.1", /loopback/],
    ["127.255.0.9", /loopback/],
    ["10.1.2.3", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.255", /private/],
    ["192.168.1.1", /private/],
    ["169.254.169.254", /metadata/],
    ["100.64.0.1", /CGNAT/],
    ["100.127.255.255", /CGNAT/],
    ["0.0.0.0", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["198.18.0.1", /benchmarking/],
    ["::1", /loopback/],
    ["::", /unspecified/],
    ["[::1]", /loopback/],
    ["fd00::1", /unique local/],
    ["fc00::", /unique local/],
    ["fd00:ec2::254", /unique local/],
    ["fe80::1%eth0", /link-local/],
    ["ff02::1", /multicast/],
    ["::ffff:127.0.0.1", /loopback/],
    ["::ffff:a9fe:a9fe", /metadata/],
    ["64:ff9b::10.0.0.1", /private/],
    ["2002:c0a8:0101::1", /private/],
    ["2001:db8::1", /documentation/],
    ["::127.0.0.1", /reserved/],
  ];
  for (const [address, reason] of refused) {
    await t.step(address, () => assert.match(classifyAddress(address) ?? "allowed", reason));
  }
});

Deno.test("classifyAddress() allows public addresses and ignores host names", () => {
  for (const a of ["8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2606:4700::1111"]) {
    assert.equal(classifyAddress(a), null, a);
  }
  assert.equal(classifyAddress("::ffff:8.8.8.8"), null);
  assert.equal(classifyAddress("example.com"), undefined);
  assert.equal(classifyAddress("1:::2"), undefined);
  assert.equal(classifyAddress("256.1.1.1"), undefined);
});

const fakeDns: Record<string, string[]> = {
  "public.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
  "rebind.example": ["93.184.215.14", "127.0.0.1"],
  "metadata.example": ["169.254.169.254"],
  "ula.example": ["fd00::5"],
  "cgnat.example": ["100.64.1.1"],
};

function guard(allowPrivateEndpoints = false) {
  const lookups: string[] = [];
  const g = new EndpointGuard({
    allowPrivateEndpoints,
    resolveHost: (h) => {
      lookups.push(h);
      const a = fakeDns[h];
      return a ? Promise.resolve(a) : Promise.reject(new Deno.errors.NotFound("no records"));
    },
  });
  return { g, lookups };
}

/** Non-public addresses are an operator setting (PrivateEndpointError naming the flag). */
const OPERATOR = /loopback|private|metadata|unique local|CGNAT/;

async function refused(g: EndpointGuard, url: string, reason: RegExp) {
  await assert.rejects(g.check(new URL(url)), (e: unknown) => {
    if (OPERATOR.test(reason.source)) {
      assert.ok(e instanceof PrivateEndpointError, String(e));
      assert.match(e.message, /--allow-private-endpoints/);
    } else {
      assert.ok(e instanceof MinerError, String(e));
      assert.equal(e.code, "miner_unavailable");
    }
    assert.match(e.message, reason);
    return true;
  });
}

Deno.test("EndpointGuard.check() refuses literals and names that resolve to private addresses", async () => {
  const { g } = guard();
  await refused(g, "http://127.0.0.1:8001/", /loopback/);
  await refused(g, "http://[::1]:8001/", /loopback/);
  await refused(g, "http://10.0.0.8/", /private/);
  await refused(g, "http://169.254.169.254/latest/meta-data", /metadata/);
  await refused(g, "http://2130706433/", /loopback/); // URL normalises it to 127.0.0.1
  await refused(g, "http://0x7f.1/", /loopback/);
  await refused(g, "http://localhost:8000/", /loopback/);
  await refused(g, "http://api.localhost/", /loopback/);
  await refused(g, "https://rebind.example/", /"127\.0\.0\.1", which is loopback/);
  await refused(g, "https://metadata.example/", /metadata/);
  await refused(g, "https://ula.example/", /unique local/);
  await refused(g, "https://cgnat.example/", /CGNAT/);
  await refused(g, "https://missing.example/", /cannot resolve "missing.example"/);
  await refused(g, "ftp://public.example/", /scheme "ftp:"/);
  await refused(g, "https://user:pw@public.example/", /credentials/);
  await g.check(new URL("https://public.example/act"));
  await g.check(new URL("http://8.8.8.8:8000/"));
});

Deno.test("EndpointGuard.check() caches verdicts per host and skips checks when allowed", async () => {
  const { g, lookups } = guard();
  await g.check(new URL("https://public.example/a"));
  await g.check(new URL("https://public.example/b"));
  await refused(g, "https://metadata.example/", /metadata/);
  await refused(g, "https://metadata.example/", /metadata/);
  assert.deepEqual(lookups, ["public.example", "metadata.example"]);
  const open = guard(true);
  await open.g.check(new URL("http://127.0.0.1:1/"));
  await open.g.check(new URL("https://metadata.example/"));
  assert.deepEqual(open.lookups, []);
  await refused(open.g, "file:///etc/passwd", /scheme/);
});
