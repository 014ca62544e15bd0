/**
 * The vision baseline as a miner policy server (protocol v1), for the demo. It uses only what
 * the protocol sends — proprio and the `corner` image — plus the public calibration of the
 * `corner` camera, read once per task from the nominal scene.
 */
import type { CameraPose } from "../../core/mod.ts";
import { ActRequestSchema, decodeImage, ResetRequestSchema } from "../../core/wire/mod.ts";
import { makeEnv } from "../../envs/mod.ts";
import { BaselineEpisode } from "./baseline_policy.ts";

/** A running policy server. */
export interface PolicyServer {
  url: string;
  shutdown(): Promise<void>;
}

/** Episodes kept at once; the oldest are dropped beyond this (a crashed executor leaks none). */
const MAX_EPISODES = 1024;

async function nominalCorner(envId: string): Promise<CameraPose | undefined> {
  try {
    using env = await makeEnv(envId);
    env.reset({ seed: 0 });
    return env.snapshot().cameras.corner;
  } catch {
    return undefined;
  }
}

/** Starts the vision-baseline policy server on a loopback port. */
export function startBaselineServer(signal: AbortSignal): PolicyServer {
  const episodes = new Map<string, BaselineEpisode | null>();
  const cameras = new Map<string, Promise<CameraPose | undefined>>();

  async function reset(req: Request): Promise<Response> {
    const parsed = ResetRequestSchema.safeParse(await req.json().catch(() => undefined));
    if (!parsed.success) return Response.json({ detail: "invalid /reset body" }, { status: 422 });
    const { env_id: envId, episode_id: episodeId } = parsed.data.task_config;
    if (!cameras.has(envId)) cameras.set(envId, nominalCorner(envId));
    const camera = await cameras.get(envId);
    episodes.set(episodeId, camera ? new BaselineEpisode(envId, camera) : null);
    if (episodes.size > MAX_EPISODES) episodes.delete(episodes.keys().next().value!);
    return Response.json({ status: "ok", episode_id: episodeId });
  }

  async function act(req: Request): Promise<Response> {
    const parsed = ActRequestSchema.safeParse(await req.json().catch(() => undefined));
    if (!parsed.success) return Response.json({ detail: "invalid /act body" }, { status: 422 });
    const { episode_id: episodeId, observation, images } = parsed.data;
    const episode = episodes.get(episodeId);
    const corner = images?.corner;
    if (!episode || !corner) return Response.json({ action: [0, 0, 0, 0] });
    const [height, width] = corner.shape;
    return Response.json({
      action: episode.act(observation, decodeImage(corner), width, height),
    });
  }

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal, onListen() {} },
    (req) => {
      const path = new URL(req.url).pathname;
      if (req.method === "POST" && path === "/act") return act(req);
      if (req.method === "POST" && path === "/reset") return reset(req);
      if (req.method === "GET" && path === "/health") return Response.json({ status: "ok" });
      return Response.json({ detail: "not found" }, { status: 404 });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    async shutdown() {
      await server.shutdown();
    },
  };
}
