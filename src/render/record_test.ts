import assert from "node:assert/strict";
import { CpuRenderer, decodePng, FrameRecorder } from "./mod.ts";
import { cornerCamera, gripperCamera, taskScene } from "./testdata/scenes.ts";

Deno.test("FrameRecorder writes numbered PNGs and one GIF per camera", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kinitro_record_" });
  try {
    const renderer = new CpuRenderer();
    const rec = new FrameRecorder(dir, { every: 2 });
    for (let step = 0; step < 5; step++) {
      const cams = [cornerCamera(32), gripperCamera(step * 0.2, 32)];
      const images = renderer.renderSync(taskScene(step * 0.2), cams);
      for (let c = 0; c < cams.length; c++) await rec.add(cams[c].name, images[c], cams[c]);
    }
    assert.deepEqual(await rec.finish(), { corner: 3, gripper: 3 });
    const names = [...Deno.readDirSync(`${dir}/corner`)].map((e) => e.name).sort();
    assert.deepEqual(names, ["frame_000.png", "frame_001.png", "frame_002.png"]);
    const png = decodePng(await Deno.readFile(`${dir}/gripper/frame_002.png`));
    assert.equal(png.width, 32);
    const gif = await Deno.readFile(`${dir}/corner.gif`);
    assert.equal(new TextDecoder().decode(gif.subarray(0, 6)), "GIF89a");
    await assert.rejects(
      () => rec.add("corner", new Uint8Array(16 * 16 * 3), { width: 16, height: 16 }),
      /differs from "32x32"/,
    );
    await assert.rejects(() => rec.add("../x", new Uint8Array(3), { width: 1, height: 1 }));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
