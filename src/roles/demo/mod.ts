/**
 * `kinitro demo`: a whole Kinitro network in one process, on loopback — embedded database,
 * API, scheduler (one cycle), one executor, the local chain stand-in and four built-in
 * miners of different skill (random, zero, a vision baseline server that uses only the
 * protocol's images and proprio, and the reach vision baseline committed as an ONNX model,
 * served by a local model hub and run in-process by the executor). The one composition root allowed to use other roles, through their
 * `mod.ts`.
 *
 * @module
 */
import { formatModelCommitment, Hotkey, LocalChain, signWeights } from "../../chain/mod.ts";
import { DEFAULT_CYCLE_SCORING, type DemoConfig, ExecutorConfigSchema } from "../../config/mod.ts";
import {
  createApiKey,
  type Db,
  getCycle,
  getLatestWeights,
  listDuplicateGroups,
  listScores,
  migrate,
  openDb,
  taskStats,
} from "../../db/mod.ts";
import { KinitroError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { createApp } from "../api/mod.ts";
import { runExecutor } from "../executor/mod.ts";
import { startMockMiner } from "../miner/mod.ts";
import { runCycle } from "../scheduler/mod.ts";
import { startBaselineServer } from "./baseline_server.ts";
import { startProxyServer } from "./proxy_server.ts";
import { buildReport, type DemoMiner, type DemoReport, formatReport } from "./report.ts";

export { BaselineEpisode, type HandCamera } from "./baseline_policy.ts";
export { startBaselineServer } from "./baseline_server.ts";
export { buildReport, type DemoReport, formatReport } from "./report.ts";

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  log: Logger;
  signal: AbortSignal;
  /** Writes a result line to stdout. */
  print(text: string): void;
  /** Version shown by the API. @default "0.0.0" */
  version?: string;
}

const NETUID = 26;

/** Runs one evaluation cycle on a local network and prints the scores and weights. */
export async function runDemo(
  config: Readonly<DemoConfig>,
  options: RunDemoOptions,
): Promise<DemoReport> {
  const { log, signal } = options;
  const started = performance.now();
  const stop = new AbortController();
  const scope = AbortSignal.any([signal, stop.signal]);
  const db = await openDb({ memory: true });
  try {
    await migrate(db);
    const { key } = await createApiKey(db, "demo-executor");
    const api = Deno.serve(
      { hostname: "127.0.0.1", port: config.port, signal: scope, onListen() {} },
      createApp({
        db,
        log: log.child({ component: "api" }),
        settings: { leaseSeconds: 120, maxAttempts: 3, bodyLimit: 1 << 20 },
        environments: config.envIds,
        version: options.version ?? "0.0.0",
      }).fetch,
    );
    const apiUrl = `http://127.0.0.1:${api.addr.port}`;
    const dashboardUrl = `${apiUrl}/`;
    log.info("API listening", { url: apiUrl, dashboard: dashboardUrl });
    if (!config.json) {
      options.print(
        `Dashboard: ${dashboardUrl} (the cycle live; up while the demo runs${
          config.keepRunning ? ", until Ctrl-C" : ", or longer with --keep-running"
        })`,
      );
    }

    const hub = await startModelHub(scope);
    log.info("Model hub listening", { url: hub.url, commitment: hub.commitment });
    const { chain, miners } = await startMiners(scope, log, hub, config.proxyMiner);
    const modelCacheDir = await Deno.makeTempDir({ prefix: "kinitro-demo-models-" });
    const operator = await Hotkey.fromUri("//KinitroDemo/operator", "demo operator");
    const executorStop = new AbortController();
    const executor = runExecutor(
      ExecutorConfigSchema.parse({
        apiUrl,
        apiKey: key,
        executorId: "demo-executor",
        allowPrivateEndpoints: true,
        modelHubUrl: hub.url,
        modelCacheDir,
        workers: config.workers,
        concurrency: config.concurrency,
        renderer: config.renderer,
        pollIntervalMs: 200,
        actTimeoutMs: config.actTimeoutMs,
        envIds: config.envIds,
        logLevel: "warn",
        logFormat: "json",
      }),
      {
        log: log.child({ component: "executor" }),
        signal: AbortSignal.any([scope, executorStop.signal]),
      },
    );
    const progress = reportProgress(db, log, scope);
    let outcome;
    try {
      outcome = await runCycle(
        {
          db,
          chain,
          log: log.child({ component: "scheduler" }),
          signWeights: (record) => signWeights(record, operator),
        },
        {
          netuid: NETUID,
          envIds: config.envIds,
          episodesPerEnv: config.episodes,
          cycleTimeout: 1800,
          pollInterval: 1,
          maxSteps: 500,
          maxAttempts: 3,
          ...DEFAULT_CYCLE_SCORING,
        },
        { signal: scope },
      );
    } finally {
      clearInterval(progress);
      executorStop.abort();
      await executor.catch((err) => log.warn("Executor stopped with an error", { err }));
      await Deno.remove(modelCacheDir, { recursive: true }).catch(() => {});
    }
    if (outcome.status !== "complete" || outcome.cycleId === null) {
      throw new KinitroError(
        "internal",
        `Cannot finish the demo cycle: it ended "${outcome.status}"${
          outcome.reason ? ` (${outcome.reason})` : ""
        }`,
      );
    }
    const [scores, weights, cycle, groups] = await Promise.all([
      listScores(db, outcome.cycleId),
      getLatestWeights(db),
      getCycle(db, outcome.cycleId),
      listDuplicateGroups(db, outcome.cycleId),
    ]);
    const report = buildReport({
      cycleId: outcome.cycleId,
      dashboardUrl,
      envIds: config.envIds,
      miners,
      scores,
      weights: {
        uids: weights?.uids ?? [],
        valuesU16: weights?.valuesU16 ?? [],
        weights: weights?.weights ?? [],
        signer: weights?.signer ?? null,
      },
      secretRevealed: Boolean(cycle?.revealedAt),
      duplicateGroups: groups.map((g) => ({ uids: g.uids, points: g.points })),
      wallSeconds: (performance.now() - started) / 1000,
    });
    options.print(config.json ? JSON.stringify(report) : formatReport(report));
    if (config.keepRunning && !signal.aborted) {
      log.info("Demo network stays up until interrupted", { api: apiUrl });
      await new Promise<void>((resolve) =>
        signal.addEventListener("abort", () => resolve(), { once: true })
      );
    }
    stop.abort();
    await api.finished;
    return report;
  } finally {
    stop.abort();
    await db.close();
  }
}

/** The committed model of the demo's model miner and the revision it is published at. */
const MODEL_FILE = new URL("../../../miner-template/python/vision_baseline.onnx", import.meta.url);
const MODEL_REPO = "kinitro-demo/vision-baseline";
const MODEL_REVISION = "0000000000de";

/** A local model hub serving the demo model as Hugging Face would. */
async function startModelHub(signal: AbortSignal): Promise<{ url: string; commitment: string }> {
  const bytes = await Deno.readFile(MODEL_FILE);
  const sha = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
  const path = `/${MODEL_REPO}/resolve/${MODEL_REVISION}/model.onnx`;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal, onListen() {} },
    (req) =>
      new URL(req.url).pathname === path
        ? new Response(bytes, { headers: { "content-type": "application/octet-stream" } })
        : new Response("Entry not found", { status: 404 }),
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    commitment: formatModelCommitment({ sha256: sha, repo: MODEL_REPO, revision: MODEL_REVISION }),
  };
}

async function startMiners(
  signal: AbortSignal,
  log: Logger,
  hub: { commitment: string },
  proxy: boolean,
): Promise<{ chain: LocalChain; miners: DemoMiner[] }> {
  const random = startMockMiner({ port: 0, policy: "random", seed: 7, signal });
  const zero = startMockMiner({ port: 0, policy: "zero", signal });
  const baseline = startBaselineServer(signal);
  const specs = [
    { uid: 0, name: "random", url: random.url, block: 900 },
    { uid: 1, name: "zero", url: zero.url, block: 910 },
    { uid: 2, name: "vision-baseline", url: baseline.url, block: 950 },
    { uid: 3, name: "vision-onnx", url: hub.commitment, block: 960 },
  ];
  if (proxy) {
    specs.push({
      uid: 4,
      name: "proxy",
      url: startProxyServer(baseline.url, signal).url,
      block: 940,
    });
  }
  const miners: DemoMiner[] = [];
  for (const s of specs) {
    const hotkey = await Hotkey.fromUri(`//KinitroDemo/${s.name}`, `demo ${s.name}`);
    miners.push({ uid: s.uid, hotkey: hotkey.address, name: s.name, firstBlock: s.block });
    log.info("Demo miner serving", { uid: s.uid, name: s.name, url: s.url });
  }
  // The subnet owner holds a neuron of its own, as on subtensor: a weak cycle's weight is
  // burned there, never on a miner's uid.
  const owner = await Hotkey.fromUri("//KinitroDemo/owner", "demo subnet owner");
  const ownerUid = Math.max(...specs.map((s) => s.uid)) + 1;
  const chain = new LocalChain({
    netuid: NETUID,
    startBlock: 1000,
    ownerUid,
    miners: [
      ...specs.map((s, i) => ({
        uid: s.uid,
        hotkey: miners[i].hotkey,
        ...(s.url.startsWith("m1:") ? { commitment: s.url } : { endpoint: s.url }),
        commit_block: s.block,
      })),
      { uid: ownerUid, hotkey: owner.address },
    ],
  });
  return { chain, miners };
}

function reportProgress(db: Db, log: Logger, signal: AbortSignal): ReturnType<typeof setInterval> {
  let last = -1;
  return setInterval(async () => {
    if (signal.aborted) return;
    try {
      const s = await taskStats(db, null);
      const done = s.completed + s.failed;
      if (done !== last && s.total > 0) {
        last = done;
        log.info("Cycle progress", { done, total: s.total, leased: s.leased });
      }
    } catch {
      // the database may close while the last tick runs
    }
  }, 2000);
}
