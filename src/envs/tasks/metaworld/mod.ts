/**
 * The metaworld task family: MetaWorld v3 tasks re-created on our own scenes.
 *
 * @module
 */
export { REACH_V3 } from "./reach_v3.ts";
export { PUSH_V3 } from "./push_v3.ts";
export { PICK_PLACE_V3 } from "./pick_place_v3.ts";
export { BUTTON_PRESS_V3 } from "./button_press_v3.ts";
export { DRAWER_OPEN_V3 } from "./drawer_open_v3.ts";
export { DRAWER_CLOSE_V3 } from "./drawer_close_v3.ts";
export { DOOR_OPEN_V3 } from "./door_open_v3.ts";
export { PEG_INSERT_V3 } from "./peg_insert_v3.ts";
export {
  bodyPos,
  CAMERAS,
  drawIn,
  drawObjectAndGoal,
  EPISODE_STEPS,
  gripperCaging,
  HAND_INIT,
  placeFree,
  placeMocap,
  sceneOf,
} from "./common.ts";
