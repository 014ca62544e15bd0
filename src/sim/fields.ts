/** Data shapes and field lists of the `Sim` API. */

/** MuJoCo's `mjtWarning` names, by index. */
export const WARNINGS = [
  "mjWARN_INERTIA (inertia too small)",
  "mjWARN_CONTACTFULL (too many contacts)",
  "mjWARN_CNSTRFULL (constraint buffer full)",
  "mjWARN_VGEOMFULL (visual geom buffer full)",
  "mjWARN_BADQPOS (bad qpos)",
  "mjWARN_BADQVEL (bad qvel)",
  "mjWARN_BADQACC (bad qacc: simulation unstable)",
  "mjWARN_BADCTRL (bad ctrl)",
] as const;

/** A full copy of the dynamic state, enough to restore a run bit-exactly. */
export interface SimState {
  time: number;
  qpos: Float64Array;
  qvel: Float64Array;
  act: Float64Array;
  ctrl: Float64Array;
  mocapPos: Float64Array;
  mocapQuat: Float64Array;
  qaccWarmstart: Float64Array;
}

/**
 * Model fields that may be read and written for resets and domain randomization. Changing a
 * field takes effect at the next step; derived constants (e.g. `body_subtreemass`) are not
 * recomputed.
 */
export const MODEL_FIELDS = [
  "body_pos",
  "body_quat",
  "body_mass",
  "body_inertia",
  "geom_friction",
  "geom_rgba",
  "geom_size",
  "geom_pos",
  "geom_solref",
  "dof_damping",
  "dof_armature",
  "dof_frictionloss",
  "jnt_stiffness",
  "actuator_gainprm",
  "actuator_biasprm",
  "light_diffuse",
  "light_pos",
  "light_dir",
  "cam_pos",
  "cam_quat",
  "cam_fovy",
  "eq_data",
] as const;
/** Model fields that are only read (structure, for choosing what to randomize). */
export const MODEL_INFO_FIELDS = [
  "geom_group",
  "geom_contype",
  "geom_conaffinity",
  "geom_bodyid",
  "body_parentid",
  "body_rootid",
  "body_mocapid",
  "jnt_type",
  "jnt_bodyid",
  "dof_jntid",
  "actuator_trntype",
  "actuator_gaintype",
  "actuator_biastype",
  "cam_mode",
  "cam_bodyid",
] as const;
/** One read-only model field. */
export type ModelInfoField = typeof MODEL_INFO_FIELDS[number];

/** One writable model field. */
export type ModelField = typeof MODEL_FIELDS[number];
/** Copies of some model fields (see `Sim.captureModel`). */
export type ModelParams = Partial<Record<ModelField, Float64Array | Float32Array>>;
