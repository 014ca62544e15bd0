/**
 * The metaworld task family: MetaWorld v3 tasks re-created on our own scenes.
 *
 * @module
 */
export { REACH_V4 } from "./reach_v4.ts";
export { PUSH_V4 } from "./push_v4.ts";
export { PICK_PLACE_V4 } from "./pick_place_v4.ts";
export { BUTTON_PRESS_V4 } from "./button_press_v4.ts";
export { DRAWER_OPEN_V4 } from "./drawer_open_v4.ts";
export { DRAWER_CLOSE_V4 } from "./drawer_close_v4.ts";
export { DOOR_OPEN_V4 } from "./door_open_v4.ts";
export { PEG_INSERT_V4 } from "./peg_insert_v4.ts";
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
