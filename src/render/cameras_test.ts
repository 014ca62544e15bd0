import assert from "node:assert/strict";
import { NotFoundError } from "../errors/mod.ts";
import { cameraSpecs } from "./mod.ts";
import { cornerCamera, taskScene } from "./testdata/scenes.ts";

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
