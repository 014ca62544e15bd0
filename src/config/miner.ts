import { z } from "zod";
import { boolish, field } from "./shared.ts";

const probability = () => z.coerce.number().min(0).max(1);

/** Configuration of `kinitro mock-miner`. */
export const MockMinerConfigSchema = z.object({
  host: field(z.string().min(1).default("127.0.0.1"), "Interface to listen on", {
    valueName: "HOST",
  }),
  port: field(z.coerce.number().int().min(0).max(65535).default(8001), "Port (0 picks one)", {
    valueName: "PORT",
  }),
  policy: field(
    z.enum(["random", "zero"]).default("random"),
    "random: uniform actions in [-1, 1); zero: always [0, 0, 0, 0]",
    { valueName: "POLICY" },
  ),
  latencyMs: field(z.coerce.number().int().min(0).default(0), "Delay before every /act answer", {
    valueName: "MS",
  }),
  failRate: field(probability().default(0), "Share of /act calls answered with HTTP 500", {
    valueName: "P",
  }),
  garbageRate: field(
    probability().default(0),
    "Share of /act calls answered with garbage (broken JSON, NaN, wrong length, strings)",
    { valueName: "P" },
  ),
  seed: field(z.coerce.number().int().min(0).default(0), "Seed of the policy and fault draws", {
    valueName: "S",
  }),
});

/** Resolved configuration of `kinitro mock-miner`. */
export type MockMinerConfig = z.output<typeof MockMinerConfigSchema>;

/** Configuration of `kinitro init-miner`. */
export const InitMinerConfigSchema = z.object({
  force: field(boolish().default(false), "Overwrite files that already exist", { env: false }),
});

/** Resolved configuration of `kinitro init-miner`. */
export type InitMinerConfig = z.output<typeof InitMinerConfigSchema>;

/** Configuration of `kinitro build`. */
export const BuildConfigSchema = z.object({
  tag: field(z.string().min(1), "Image tag, e.g. user/kinitro-policy:v1", {
    valueName: "TAG",
    env: false,
  }),
  push: field(boolish().default(false), "Push the image after building it", { env: false }),
});

/** Resolved configuration of `kinitro build`. */
export type BuildConfig = z.output<typeof BuildConfigSchema>;
