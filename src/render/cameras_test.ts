import assert from "node:assert/strict";
import { NotFoundError } from "../errors/mod.ts";
import { cameraSpecs, CpuRenderer } from "./mod.ts";
import { cornerCamera, gripperCamera, taskScene } from "./testdata/scenes.ts";

Deno.test("cameraSpecs() sizes the snapshot's named cameras and rejects unknown names", () => {
  const s = taskScene();
  const { name: _, width: _w, height: _h, ...pose } = cornerCamera();
  s.cameras = { corner: pose };
  const [spec] = cameraSpecs(s, ["corner"], { width: 256, height: 128 });
  assert.deepEqual(spec, { name: "corner", ...pose, width: 256, height: 128 });
  assert.equal(cameraSpecs(s, ["corner"])[0].width, 84);
  assert.throws(() => cameraSpecs(s, ["top"]), (e) => {
    assert.ok(e instanceof NotFoundError);
    assert.equal(e.message, 'Cannot find camera "top": the scene has "corner"');
    return true;
  });
});

Deno.test("CpuRenderer.renderImages() renders named cameras into images keyed by name", () => {
  const s = taskScene();
  const { name: _, width: _w, height: _h, ...corner } = cornerCamera();
  const { name: _g, width: _gw, height: _gh, ...gripper } = gripperCamera();
  s.cameras = { corner, gripper };
  const images = new CpuRenderer().renderImages(s, ["corner", "gripper"], {
    width: 32,
    height: 24,
  });
  assert.deepEqual(Object.keys(images), ["corner", "gripper"]);
  assert.equal(images.gripper.data.length, 32 * 24 * 3);
  assert.equal(images.corner.width, 32);
  assert.deepEqual(
    images.corner.data,
    new CpuRenderer().renderSync(s, [{ ...cornerCamera(), width: 32, height: 24 }])[0],
  );
});
