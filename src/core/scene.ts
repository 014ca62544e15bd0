/**
 * The renderer's view of a simulation state: what `sim/` produces and `render/` consumes.
 * Struct-of-arrays with typed arrays so the hot paths copy nothing.
 */

/** Geom type codes, equal to MuJoCo's `mjtGeom`. */
export const GeomType = {
  plane: 0,
  hfield: 1,
  sphere: 2,
  capsule: 3,
  ellipsoid: 4,
  cylinder: 5,
  box: 6,
  mesh: 7,
} as const;
/** One geom type code. */
export type GeomTypeCode = typeof GeomType[keyof typeof GeomType];

/** Triangle mesh data shared by all geoms that reference it. */
export interface MeshData {
  /** xyz per vertex, in the mesh frame. */
  vertices: Float32Array;
  /** Three vertex indices per triangle. */
  faces: Uint32Array;
}

/** Visible geoms, lights and cameras of one simulation state. */
export interface SceneSnapshot {
  /** Number of visible geoms. */
  geomCount: number;
  /** `GeomType` code per geom. */
  geomType: Uint8Array;
  /** MuJoCo `geom_size` (3 per geom). Plane: half extents x, y (0 = infinite). */
  geomSize: Float64Array;
  /** World position (3 per geom). */
  geomPos: Float64Array;
  /** World rotation, row-major 3×3 (9 per geom), as MuJoCo `geom_xmat`. */
  geomMat: Float64Array;
  /** RGBA in [0, 1] (4 per geom). */
  geomRgba: Float32Array;
  /** Segmentation id per geom: the id of the object it belongs to (0 = background/static). */
  geomSegment: Int32Array;
  /** Mesh index per geom (−1 if not a mesh). */
  geomMesh: Int32Array;
  /** Meshes referenced by `geomMesh`. */
  meshes: MeshData[];
  /** Lights. */
  lights: LightSpec[];
  /** Ambient light colour added to every surface (RGB). */
  ambient: [number, number, number];
  /** Named cameras of the model at this state. */
  cameras: Record<string, CameraPose>;
  /** Names of segmentation ids (index = id). */
  segmentNames: string[];
}

/** A light of the scene. */
export interface LightSpec {
  /** World position. */
  pos: [number, number, number];
  /** Direction the light points to (unit). */
  dir: [number, number, number];
  /** Diffuse colour (RGB). */
  diffuse: [number, number, number];
  /** Directional (sun-like) when true, else a point/spot light at `pos`. */
  directional: boolean;
}

/** A camera pose in world coordinates, as MuJoCo `cam_xpos`/`cam_xmat`/`cam_fovy`. */
export interface CameraPose {
  /** World position. */
  pos: [number, number, number];
  /**
   * Row-major 3×3 rotation whose columns are the camera's x (right), y (up) and z axes;
   * the camera looks along −z (MuJoCo convention).
   */
  mat: number[];
  /** Vertical field of view in degrees. */
  fovy: number;
}

/** What to render: a camera pose and an image size. */
export interface CameraSpec extends CameraPose {
  /** Camera name (for logs and file names). */
  name: string;
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels. */
  height: number;
}
