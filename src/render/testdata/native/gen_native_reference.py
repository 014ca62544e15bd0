"""Regenerates native_primitives.json: a MuJoCo scene of every primitive type, its state as a
SceneSnapshot (typed arrays as lists) and MuJoCo's own segmentation render per camera (geom id
per pixel, -1 for none). Run from this folder:

    MUJOCO_GL=egl python3 gen_native_reference.py

Needs `pip install mujoco` (3.x) and an EGL driver (Mesa's llvmpipe works).
"""
import json

import mujoco
import numpy as np

XML = """
<mujoco>
  <visual><headlight ambient="0.3 0.3 0.3" diffuse="0.4 0.4 0.4"/></visual>
  <worldbody>
    <light name="top" pos="0 0 3" dir="0 0 -1" directional="true" diffuse="0.5 0.5 0.5"/>
    <geom name="floor" type="plane" size="1.2 1.2 0.05" rgba="0.4 0.4 0.4 1"/>
    <geom name="box" type="box" size="0.12 0.08 0.05" pos="-0.4 0.3 0.05" euler="0 0 30" rgba="0.8 0.2 0.2 1"/>
    <geom name="sphere" type="sphere" size="0.09" pos="0 0.35 0.09" rgba="0.2 0.8 0.2 1"/>
    <geom name="capsule" type="capsule" size="0.04 0.15" pos="0.4 0.3 0.1" euler="60 0 20" rgba="0.2 0.2 0.8 1"/>
    <geom name="cylinder" type="cylinder" size="0.07 0.1" pos="-0.35 -0.2 0.1" rgba="0.8 0.8 0.2 1"/>
    <geom name="ellipsoid" type="ellipsoid" size="0.16 0.06 0.04" pos="0.05 -0.15 0.04" euler="0 0 -40" rgba="0.8 0.2 0.8 1"/>
    <geom name="tilted_box" type="box" size="0.05 0.05 0.12" pos="0.45 -0.3 0.15" euler="25 35 0" rgba="0.2 0.8 0.8 1"/>
    <camera name="front" pos="0 -1.6 0.9" xyaxes="1 0 0 0 0.5 0.866" fovy="45"/>
    <camera name="corner" pos="1.3 1.1 1.0" xyaxes="-0.646 0.763 0 -0.39 -0.33 0.86" fovy="50"/>
    <camera name="top" pos="0 0 2.2" xyaxes="0 1 0 -1 0 0" fovy="40"/>
  </worldbody>
</mujoco>
"""

W, H = 96, 72


def main():
    m = mujoco.MjModel.from_xml_string(XML)
    d = mujoco.MjData(m)
    mujoco.mj_forward(m, d)
    n = m.ngeom
    snapshot = {
        "geomCount": n,
        "geomType": m.geom_type.tolist(),
        "geomSize": m.geom_size.reshape(-1).tolist(),
        "geomPos": d.geom_xpos.reshape(-1).tolist(),
        "geomMat": d.geom_xmat.reshape(-1).tolist(),
        "geomRgba": m.geom_rgba.reshape(-1).tolist(),
        # Segment = geom id + 1, so a segmentation render identifies each geom.
        "geomSegment": list(range(1, n + 1)),
        "geomMesh": [-1] * n,
        "meshes": [],
        "lights": [
            {
                "pos": d.light_xpos[i].tolist(),
                "dir": d.light_xdir[i].tolist(),
                "diffuse": m.light_diffuse[i].tolist(),
                "directional": bool(m.light_type[i] == mujoco.mjtLightType.mjLIGHT_DIRECTIONAL),
            }
            for i in range(m.nlight)
        ],
        "ambient": m.vis.headlight.ambient.tolist(),
        "cameras": {},
        "segmentNames": ["none"] + [m.geom(i).name for i in range(n)],
    }
    renderer = mujoco.Renderer(m, H, W)
    renderer.enable_segmentation_rendering()
    segmentation = {}
    for c in range(m.ncam):
        name = m.camera(c).name
        snapshot["cameras"][name] = {
            "pos": d.cam_xpos[c].tolist(),
            "mat": d.cam_xmat[c].tolist(),
            "fovy": float(m.cam_fovy[c]),
        }
        renderer.update_scene(d, name)
        seg = renderer.render()
        ids = np.where(seg[:, :, 1] == mujoco.mjtObj.mjOBJ_GEOM, seg[:, :, 0], -1)
        segmentation[name] = ids.reshape(-1).astype(int).tolist()
    out = {
        "mujoco": mujoco.__version__,
        "width": W,
        "height": H,
        "snapshot": snapshot,
        "segmentation": segmentation,
    }
    with open("native_primitives.json", "w") as f:
        json.dump(out, f, separators=(",", ":"))
    renderer.close()


if __name__ == "__main__":
    main()
