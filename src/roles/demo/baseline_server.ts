/**
 * The vision baseline as a miner policy server (protocol v1), for the demo. It uses only what
 * the protocol sends — proprio and the `corner` image — plus the public calibration of the
 * `corner` camera, read once per task from the nominal scene.
 */
import type { CameraPose } from "../../core/mod.ts";
import { ActRequestSchema, decodeImage, ResetRequestSchema } from "../../core/wire/mod.ts";
import { makeEnv } from "../../envs/mod.ts";
import { BaselineEpisode, type HandCamera } from "./baseline_policy.ts";

/** A running policy server. */
export interface PolicyServer {
  url: string;
  shutdown(): Promise<void>;
}

/** Episodes kept at once; the oldest are dropped beyond this (a crashed executor leaks none). */
const MAX_EPISODES = 1024;

/** The public calibration of a task's cameras, read from its nominal scene. */
interface Calibration {
  corner: CameraPose;
  hand?: HandCamera;
}

async function nominalCalibration(envId: string): Promise<Calibration | undefined> {
  try {
    using env = await makeEnv(envId, { randomize: false });
    const hand = env.reset({ seed: 0 }).observation.proprio;
    const { corner, gripper } = env.snapshot().cameras;
    if (!corner) return undefined;
    return {
      corner,
      hand: gripper && {
        offset: [0, 1, 2].map((i) => gripper.pos[i] - hand[i]) as HandCamera["offset"],
        mat: gripper.mat,
        fovy: gripper.fovy,
      },
    };
  } catch {
    return undefined;
  }
}

/** Starts the vision-baseline policy server on a loopback port. */
export function startBaselineServer(signal: AbortSignal): PolicyServer {
  const episodes = new Map<string, BaselineEpisode | null>();
  const cameras = new Map<string, Promise<Calibration | undefined>>();

  async function reset(req: Request): Promise<Response> {
    const parsed = ResetRequestSchema.safeParse(await req.json().catch(() => undefined));
    if (!parsed.success) return Response.json({ detail: "invalid /reset body" }, { status: 422 });
    const { env_id: envId, episode_id: episodeId } = parsed.data.task_config;
    if (!cameras.has(envId)) cameras.set(envId, nominalCalibration(envId));
    const calibration = await cameras.get(envId);
    episodes.set(
      episodeId,
      calibration ? new BaselineEpisode(envId, calibration.corner, calibration.hand) : null,
    );
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
    const gripper = images?.gripper;
    const sameSize = gripper && gripper.shape[0] === height && gripper.shape[1] === width;
    return Response.json({
      action: episode.act(
        observation,
        decodeImage(corner),
        width,
        height,
        sameSize ? decodeImage(gripper) : undefined,
      ),
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
