/**
 * Committed ONNX policies: the model contract, fetching by hash into a cache, checking a
 * model once when it loads, and batched inference with onnxruntime-web (WebAssembly, one
 * thread). The only importer of `onnxruntime-web`. Imports config/ and errors/ only.
 *
 * @module
 */
export {
  ACTION_SIZE,
  CONTRACT_INPUTS,
  CONTRACT_OUTPUTS,
  CONTRACT_TASKS,
  DEFAULT_MODEL_LIMITS,
  IMAGE_SIZE,
  type ModelLimits,
  taskIndex,
} from "./contract.ts";
export {
  type LoadModelOptions,
  loadPolicyModel,
  type ModelBatch,
  type ModelOutput,
  type PolicyModel,
  RUNTIME_NAME,
  zeroBatch,
} from "./model.ts";
export { BatchedPolicy, type ModelObservation } from "./batched.ts";
export { hashFile, ModelStore, type ModelStoreOptions } from "./store.ts";
export { readModelHeader } from "./onnx_proto.ts";
