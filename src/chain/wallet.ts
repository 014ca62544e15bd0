import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "../errors/mod.ts";
import { Hotkey } from "./hotkey.ts";

/** Options of {@link loadHotkey}. */
export interface LoadHotkeyOptions {
  /** Wallet name. @default "default" */
  walletName?: string;
  /** Hotkey name inside the wallet. @default "default" */
  hotkeyName?: string;
  /** Wallets directory; a leading `~` is the home directory. @default "~/.bittensor/wallets" */
  walletPath?: string;
}

const KeyfileSchema = z.object({
  secretPhrase: z.string().min(1).optional(),
  secretSeed: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x + 64 hex").optional(),
  ss58Address: z.string().optional(),
});

const ENCRYPTED_MARKERS = ["$NACL", "$ANSIBLE_VAULT", "gAAAAA"];

/** Path of the hotkey file `<walletPath>/<wallet>/hotkeys/<hotkey>`. */
export function hotkeyPath(options: LoadHotkeyOptions = {}): string {
  const base = options.walletPath ?? "~/.bittensor/wallets";
  const expanded = base === "~" || base.startsWith("~/") ? join(homedir(), base.slice(1)) : base;
  return join(
    expanded,
    options.walletName ?? "default",
    "hotkeys",
    options.hotkeyName ?? "default",
  );
}

/**
 * Loads a Bittensor hotkey file (unencrypted JSON with `secretPhrase` or `secretSeed`) as an
 * sr25519 key with SS58 prefix 42. When the file also names its `ss58Address`, the derived
 * address must match it.
 *
 * @throws {ConfigError} naming the file when it is missing, unreadable, encrypted or malformed
 */
export async function loadHotkey(options: LoadHotkeyOptions = {}): Promise<Hotkey> {
  const path = hotkeyPath(options);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound ? "file not found" : "file cannot be read";
    throw new ConfigError(`Cannot load hotkey "${path}": ${why}`, [], { cause: err });
  }
  const trimmed = text.trim();
  const marker = ENCRYPTED_MARKERS.find((m) => trimmed.startsWith(m));
  if (marker) {
    throw new ConfigError(
      `Cannot load hotkey "${path}": the file is encrypted ("${marker}"); ` +
        "kinitro reads unencrypted hotkey files only",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    // The parser's message may quote file content, which may be a secret: do not chain it.
    throw new ConfigError(`Cannot load hotkey "${path}": the file is not JSON`);
  }
  const parsed = KeyfileSchema.safeParse(json);
  if (!parsed.success) {
    const keys = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new ConfigError(`Cannot load hotkey "${path}": malformed keyfile field(s) ${keys}`);
  }
  const file = parsed.data;
  let hotkey: Hotkey;
  try {
    if (file.secretPhrase) hotkey = await Hotkey.fromUri(file.secretPhrase, path);
    else if (file.secretSeed) hotkey = await Hotkey.fromSeed(file.secretSeed, path);
    else {
      throw new ConfigError(
        `Cannot load hotkey "${path}": the file has neither "secretPhrase" nor "secretSeed"`,
      );
    }
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`Cannot load hotkey "${path}": the secret is not a valid sr25519 key`);
  }
  if (file.ss58Address && file.ss58Address !== hotkey.address) {
    throw new ConfigError(
      `Cannot load hotkey "${path}": derived address "${hotkey.address}" does not match ` +
        `"ss58Address" "${file.ss58Address}"`,
    );
  }
  return hotkey;
}
