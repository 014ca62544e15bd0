import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../errors/mod.ts";
import { hotkeyPath, loadHotkey } from "./wallet.ts";

const WALLETS = fileURLToPath(new URL("./testdata/wallets", import.meta.url));

Deno.test("loadHotkey() derives the Bittensor address from secretPhrase", async () => {
  const hotkey = await loadHotkey({
    walletPath: WALLETS,
    walletName: "test",
    hotkeyName: "phrase",
  });
  assert.equal(hotkey.address, "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX");
  assert.equal(hotkey.sign(new Uint8Array([1, 2, 3])).length, 64);
});

Deno.test("loadHotkey() reads secretSeed", async () => {
  const hotkey = await loadHotkey({ walletPath: WALLETS, walletName: "test", hotkeyName: "seed" });
  assert.equal(hotkey.address, "5DtDLm5rQHShDqojQpsvcN8tRXHVFaecfDoRet1SU6BFD9Fi");
});

Deno.test("loadHotkey() never exposes the secret when serialised", async () => {
  const hotkey = await loadHotkey({
    walletPath: WALLETS,
    walletName: "test",
    hotkeyName: "phrase",
  });
  const text = JSON.stringify(hotkey) + String(hotkey) + Deno.inspect(hotkey);
  assert.ok(!text.includes("leopard"));
});

Deno.test("loadHotkey() names the file in every failure", async (t) => {
  const cases: [string, RegExp][] = [
    ["missing", /file not found/],
    ["encrypted", /encrypted \("\$NACL"\)/],
    ["notjson", /not JSON/],
    ["public_only", /neither "secretPhrase" nor "secretSeed"/],
    ["mismatch", /does not match "ss58Address"/],
    ["badseed", /malformed keyfile field\(s\) secretSeed/],
  ];
  for (const [name, pattern] of cases) {
    await t.step(name, async () => {
      const path = hotkeyPath({ walletPath: WALLETS, walletName: "test", hotkeyName: name });
      const err = await loadHotkey({ walletPath: WALLETS, walletName: "test", hotkeyName: name })
        .then(() => null, (e) => e);
      assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
      assert.ok(err.message.includes(`"${path}"`), err.message);
      assert.match(err.message, pattern);
      assert.ok(!err.message.includes("leopard"));
    });
  }
});

Deno.test("hotkeyPath() expands ~ and uses the default names", () => {
  const path = hotkeyPath({ walletPath: "~/w" });
  assert.ok(path.endsWith("/w/default/hotkeys/default"));
  assert.ok(!path.startsWith("~"));
});
