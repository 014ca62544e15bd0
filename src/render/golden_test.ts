/**
 * Golden frames per backend. Regenerate after an intended visual change with
 * `KINITRO_UPDATE_GOLDEN=1 deno test -A --unstable-webgpu src/render/golden_test.ts`
 * and look at the PNGs before committing them.
 */
import assert from "node:assert/strict";
import type { CameraSpec, SceneSnapshot } from "../core/mod.ts";
import { cameraSpecs, createRenderer, decodePng, encodePng, probeWebGpu, rmsDiff } from "./mod.ts";
import { cornerCamera, gripperCamera, loadSnapshotFixture, taskScene } from "./testdata/scenes.ts";

/** Largest RMS difference per channel (0..255 units) from a golden frame. */
const RMS_TOLERANCE = { cpu: 1, webgpu: 2 } as const;
const UPDATE = Deno.env.get("KINITRO_UPDATE_GOLDEN") === "1";
const PROBE = await probeWebGpu();
const GPU = PROBE.correct;
if (!GPU) {
  // deno-lint-ignore no-console
  console.warn(`WebGPU golden tests skipped: ${PROBE.reason}`);
}

interface GoldenCase {
  scene: string;
  seed: number;
  snapshot: () => SceneSnapshot;
  camera: CameraSpec;
  supersample?: boolean;
}

const push = loadSnapshotFixture("push_v3_seed_3");
const [pushCorner, pushGripper] = cameraSpecs(push, ["corner", "gripper"]);

const CASES: GoldenCase[] = [
  { scene: "push", seed: 3, snapshot: () => push, camera: pushCorner },
  { scene: "push", seed: 3, snapshot: () => push, camera: pushGripper },
  { scene: "task", seed: 0, snapshot: () => taskScene(0), camera: cornerCamera() },
  { scene: "task", seed: 0, snapshot: () => taskScene(0), camera: gripperCamera(0) },
  {
    scene: "task",
    seed: 2,
    snapshot: () => taskScene(2),
    camera: cornerCamera(128),
    supersample: true,
  },
];

function goldenPath(c: GoldenCase, backend: string): URL {
  const { name, width, height } = c.camera;
  const ss = c.supersample ? "_ss" : "";
  const dir = `${c.scene}_seed_${c.seed}_camera_${name}_${width}x${height}${ss}_${backend}`;
  return new URL(`./testdata/frames/${dir}/frame_000.png`, import.meta.url);
}

for (const backend of ["cpu", "webgpu"] as const) {
  for (const c of CASES) {
    const path = goldenPath(c, backend);
    Deno.test({
      name: `golden frame ${path.pathname.split("/").at(-2)} within RMS ${RMS_TOLERANCE[backend]}`,
      ignore: backend === "webgpu" && !GPU,
      async fn() {
        using renderer = await createRenderer({ backend, supersample: c.supersample });
        const [rgb] = await renderer.render(c.snapshot(), [c.camera]);
        if (UPDATE) {
          await Deno.mkdir(new URL(".", path), { recursive: true });
          await Deno.writeFile(path, encodePng(rgb, c.camera.width, c.camera.height));
          return;
        }
        let golden;
        try {
          golden = decodePng(await Deno.readFile(path));
        } catch (e) {
          throw new Error(
            `Cannot read golden frame "${path.pathname}": run with KINITRO_UPDATE_GOLDEN=1`,
            { cause: e },
          );
        }
        assert.equal(golden.width, c.camera.width);
        const rms = rmsDiff(rgb, golden.data);
        assert.ok(rms <= RMS_TOLERANCE[backend], `RMS ${rms.toFixed(3)}`);
      },
    });
  }
}
