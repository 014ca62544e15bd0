/**
 * WGSL of the WebGPU backend. The vertex stage repeats the CPU backend's vertex formula and
 * lighting exactly (see `cpu/cpu_renderer.ts`): world = pos + mat * (scale .* a + s * zshift z_hat),
 * normal = normalize(mat * (n ./ scale)), colour = clamp(rgb * (ambient + sum diffuse * max(0, n*L)), 0, 1).
 */

import { MAX_LIGHTS } from "../types.ts";

/** Floats per geom instance: pos.xyz + zshift, three matrix rows, scale, rgba. */
export const GEOM_FLOATS = 24;
/** Floats per light: pos.xyz + directional flag, dir, diffuse. */
export const LIGHT_FLOATS = 12;
/** Bytes per render-pass uniform block (the dynamic-offset alignment). */
export const PASS_UNIFORM_BYTES = 256;

/** Vertex + fragment shader of the scene pass. */
export const SCENE_WGSL = /* wgsl */ `
struct Pass {
  camPos: vec4f,
  right: vec4f,
  up: vec4f,
  back: vec4f,
  // focal x, focal y (NDC units), near, far
  proj: vec4f,
  ambient: vec4f,
  // first light (vec4 index into data), light count
  lights: vec4u,
}
// Geoms (6 vec4 each: pos + zshift, rows of mat, scale, rgba) then lights (3 vec4 each:
// pos + directional flag, dir, diffuse).
@group(0) @binding(0) var<storage, read> data: array<vec4f>;
@group(0) @binding(1) var<uniform> frame: Pass;
const MAX_LIGHTS = ${MAX_LIGHTS}u;

struct VOut {
  @builtin(position) clip: vec4f,
  @location(0) color: vec3f,
}

@vertex
fn vs(@location(0) a: vec4f, @location(1) n: vec3f, @builtin(instance_index) inst: u32) -> VOut {
  let k = inst * 6u;
  let pos = data[k];
  let r0 = data[k + 1u].xyz;
  let r1 = data[k + 2u].xyz;
  let r2 = data[k + 3u].xyz;
  let scale = data[k + 4u].xyz;
  let rgba = data[k + 5u];
  let l = scale * a.xyz + vec3f(0.0, 0.0, a.w * pos.w);
  let wp = pos.xyz + vec3f(dot(r0, l), dot(r1, l), dot(r2, l));
  let u = n / scale;
  let nn = normalize(vec3f(dot(r0, u), dot(r1, u), dot(r2, u)));
  var light = frame.ambient.xyz;
  // A constant bound with a mask: llvmpipe (lavapipe) runs loops with a uniform-dependent
  // bound far slower (about 4x per frame here).
  for (var i = 0u; i < MAX_LIGHTS; i++) {
    let j = frame.lights.x + 3u * min(i, max(frame.lights.y, 1u) - 1u);
    let lp = data[j];
    let q = select(normalize(lp.xyz - wp), -data[j + 1u].xyz, lp.w > 0.5);
    let term = data[j + 2u].xyz * max(dot(nn, q), 0.0);
    light += select(vec3f(0.0), term, i < frame.lights.y);
  }
  var out: VOut;
  out.color = clamp(rgba.rgb * light, vec3f(0.0), vec3f(1.0));
  let d = wp - frame.camPos.xyz;
  let depth = -dot(frame.back.xyz, d);
  let near = frame.proj.z;
  let far = frame.proj.w;
  out.clip = vec4f(
    dot(frame.right.xyz, d) * frame.proj.x,
    dot(frame.up.xyz, d) * frame.proj.y,
    far * (depth - near) / (far - near),
    depth,
  );
  return out;
}

@fragment
fn fs(v: VOut) -> @location(0) vec4f {
  return vec4f(v.color, 1.0);
}
`;

/**
 * Compute pass that averages factorxfactor texels per pixel (rounded half up, like the CPU
 * downsample) and packs RGB bytes tightly: each invocation writes 4 pixels as 3 words.
 */
export const RESOLVE_WGSL = /* wgsl */ `
struct Layer {
  w: u32,
  h: u32,
  factor: u32,
  // first output word of this frame
  offset: u32,
}
@group(0) @binding(0) var src: texture_2d_array<f32>;
@group(0) @binding(1) var<storage, read> layers: array<Layer>;
@group(0) @binding(2) var<storage, read_write> outWords: array<u32>;
@group(0) @binding(3) var<uniform> base: vec4u;

fn pixel(L: Layer, layer: u32, i: u32) -> vec3u {
  if (i >= L.w * L.h) {
    return vec3u(0u);
  }
  let x = i % L.w;
  let y = i / L.w;
  var sum = vec3u(0u);
  for (var dy = 0u; dy < L.factor; dy++) {
    for (var dx = 0u; dx < L.factor; dx++) {
      let c = textureLoad(src, vec2u(x * L.factor + dx, y * L.factor + dy), layer, 0);
      sum += vec3u(round(c.rgb * 255.0));
    }
  }
  let n = L.factor * L.factor;
  return (sum + vec3u(n / 2u)) / n;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let layer = id.z;
  let L = layers[base.x + layer];
  let first = id.x * 4u;
  if (first >= L.w * L.h) {
    return;
  }
  let p0 = pixel(L, layer, first);
  let p1 = pixel(L, layer, first + 1u);
  let p2 = pixel(L, layer, first + 2u);
  let p3 = pixel(L, layer, first + 3u);
  let o = L.offset + id.x * 3u;
  outWords[o] = p0.r | (p0.g << 8u) | (p0.b << 16u) | (p1.r << 24u);
  outWords[o + 1u] = p1.g | (p1.b << 8u) | (p2.r << 16u) | (p2.g << 24u);
  outWords[o + 2u] = p2.b | (p3.r << 8u) | (p3.g << 16u) | (p3.b << 24u);
}
`;
