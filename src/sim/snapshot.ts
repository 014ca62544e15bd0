import type { MjData, MjModel } from "mujoco-js";
import type { CameraPose, LightSpec, MeshData, SceneSnapshot } from "../core/mod.ts";
import type { Mujoco } from "./mujoco.ts";
import type { NameMaps } from "./names.ts";

/** Geom groups a viewer shows by default; groups 3+ hold collision-only geoms. */
const MAX_VISIBLE_GROUP = 2;
const MJ_LIGHT_DIRECTIONAL = 1;
const MJ_GEOM_MESH = 7;

/**
 * Precomputes what never changes for a model (which geoms are visible, their segments,
 * meshes, names) and fills a `SceneSnapshot` from the data on demand.
 */
export class SnapshotBuilder {
  readonly #m: MjModel;
  readonly #visible: Int32Array;
  readonly #segment: Int32Array;
  readonly #segmentNames: string[];
  readonly #meshIndex: Int32Array;
  readonly #meshes: MeshData[];
  readonly #cameras: [string, number][];
  readonly #ambient: [number, number, number];

  constructor(_mj: Mujoco, m: MjModel, names: NameMaps) {
    this.#m = m;
    const group = m.geom_group as Int32Array;
    const rgba = m.geom_rgba as Float32Array;
    const visible: number[] = [];
    for (let g = 0; g < m.ngeom; g++) {
      if (group[g] <= MAX_VISIBLE_GROUP && rgba[4 * g + 3] > 0) visible.push(g);
    }
    this.#visible = Int32Array.from(visible);

    // One segment per top-level body (the object a geom belongs to); world geoms are 0.
    const bodyName = new Map<number, string>();
    for (const [name, id] of names.body) bodyName.set(id, name);
    const rootOf = m.body_rootid as Int32Array;
    const bodyOf = m.geom_bodyid as Int32Array;
    const segmentOfRoot = new Map<number, number>([[0, 0]]);
    this.#segmentNames = ["background"];
    this.#segment = new Int32Array(visible.length);
    visible.forEach((g, i) => {
      const root = rootOf[bodyOf[g]];
      let seg = segmentOfRoot.get(root);
      if (seg === undefined) {
        seg = this.#segmentNames.length;
        segmentOfRoot.set(root, seg);
        this.#segmentNames.push(bodyName.get(root) ?? `body${root}`);
      }
      this.#segment[i] = seg;
    });

    const types = m.geom_type as Int32Array;
    const dataId = m.geom_dataid as Int32Array;
    const meshOf = new Map<number, number>();
    this.#meshes = [];
    this.#meshIndex = Int32Array.from(visible, (g) => {
      if (types[g] !== MJ_GEOM_MESH || dataId[g] < 0) return -1;
      let idx = meshOf.get(dataId[g]);
      if (idx === undefined) {
        idx = this.#meshes.length;
        meshOf.set(dataId[g], idx);
        this.#meshes.push(readMesh(m, dataId[g]));
      }
      return idx;
    });

    this.#cameras = [...names.camera.entries()];
    const headlight = m.vis.headlight.ambient as Float32Array;
    const ambient = [headlight[0], headlight[1], headlight[2]];
    const lightAmbient = m.light_ambient as Float32Array;
    for (let l = 0; l < m.nlight; l++) {
      for (let k = 0; k < 3; k++) ambient[k] += lightAmbient[3 * l + k];
    }
    this.#ambient = [ambient[0], ambient[1], ambient[2]];
  }

  /** Fills a snapshot from data whose kinematics and cameras are current. */
  build(d: MjData): SceneSnapshot {
    const m = this.#m;
    const n = this.#visible.length;
    const types = m.geom_type as Int32Array;
    const sizes = m.geom_size as Float64Array;
    const rgbas = m.geom_rgba as Float32Array;
    const xpos = d.geom_xpos as Float64Array;
    const xmat = d.geom_xmat as Float64Array;
    const geomType = new Uint8Array(n);
    const geomSize = new Float64Array(3 * n);
    const geomPos = new Float64Array(3 * n);
    const geomMat = new Float64Array(9 * n);
    const geomRgba = new Float32Array(4 * n);
    for (let i = 0; i < n; i++) {
      const g = this.#visible[i];
      geomType[i] = types[g];
      geomSize.set(sizes.subarray(3 * g, 3 * g + 3), 3 * i);
      geomPos.set(xpos.subarray(3 * g, 3 * g + 3), 3 * i);
      geomMat.set(xmat.subarray(9 * g, 9 * g + 9), 9 * i);
      geomRgba.set(rgbas.subarray(4 * g, 4 * g + 4), 4 * i);
    }

    const lights: LightSpec[] = [];
    const lpos = d.light_xpos as Float64Array;
    const ldir = d.light_xdir as Float64Array;
    const ldiff = m.light_diffuse as Float32Array;
    const ltype = m.light_type as Int32Array;
    const lactive = m.light_active as Uint8Array;
    for (let l = 0; l < m.nlight; l++) {
      if (!lactive[l]) continue;
      lights.push({
        pos: [lpos[3 * l], lpos[3 * l + 1], lpos[3 * l + 2]],
        dir: [ldir[3 * l], ldir[3 * l + 1], ldir[3 * l + 2]],
        diffuse: [ldiff[3 * l], ldiff[3 * l + 1], ldiff[3 * l + 2]],
        directional: ltype[l] === MJ_LIGHT_DIRECTIONAL,
      });
    }

    const cameras: Record<string, CameraPose> = {};
    const cpos = d.cam_xpos as Float64Array;
    const cmat = d.cam_xmat as Float64Array;
    const fovy = m.cam_fovy as Float64Array;
    for (const [name, c] of this.#cameras) {
      cameras[name] = {
        pos: [cpos[3 * c], cpos[3 * c + 1], cpos[3 * c + 2]],
        mat: Array.from(cmat.subarray(9 * c, 9 * c + 9)),
        fovy: fovy[c],
      };
    }

    return {
      geomCount: n,
      geomType,
      geomSize,
      geomPos,
      geomMat,
      geomRgba,
      geomSegment: this.#segment.slice(),
      geomMesh: this.#meshIndex.slice(),
      meshes: this.#meshes,
      lights,
      ambient: [...this.#ambient],
      cameras,
      segmentNames: [...this.#segmentNames],
    };
  }
}

function readMesh(m: MjModel, mesh: number): MeshData {
  const vAdr = (m.mesh_vertadr as Int32Array)[mesh];
  const vNum = (m.mesh_vertnum as Int32Array)[mesh];
  const fAdr = (m.mesh_faceadr as Int32Array)[mesh];
  const fNum = (m.mesh_facenum as Int32Array)[mesh];
  return {
    vertices: (m.mesh_vert as Float32Array).slice(3 * vAdr, 3 * (vAdr + vNum)),
    faces: Uint32Array.from((m.mesh_face as Int32Array).subarray(3 * fAdr, 3 * (fAdr + fNum))),
  };
}
