// The BlazeFace-family reference as facespark decodes it, on TF.js: model loading from the package
// files, the face head as [anchors, 17] (logit, 16 regressors), MediaPipe's anchors, decoding and
// weighted NMS, and a whole-image detect. Shared by generate-blazeface.js and measure-blazeface.js.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const tf = require('@tensorflow/tfjs');

function sha256(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

// name, input size, strides, anchors per layer and cell, min score (MediaPipe's), score/regressor outputs.
const MODELS = [
  { name: 'blazeface-back', size: 256, strides: [16, 32, 32, 32], perLayer: 2, minScore: 0.5 },
  { name: 'facemesh-detection-full', size: 192, strides: [4], perLayer: 1, minScore: 0.6 },
  { name: 'facemesh-detection-short', size: 128, strides: [8, 16, 16, 16], perLayer: 2, minScore: 0.5 },
];
const IOU = 0.3;




// The model's input as bytes: padded at the bottom/right to a square, TF legacy bilinear resize.
function inputBytes(img, size) {
  return tf.tidy(() => {
    const side = Math.max(img.width, img.height);
    const t = tf.tensor3d(img.data, [img.height, img.width, 3], 'float32');
    const square = tf.pad(t, [[0, side - img.height], [0, side - img.width], [0, 0]]);
    return tf.image.resizeBilinear(square, [size, size]).round().clipByValue(0, 255).dataSync();
  });
}


async function loadModel(modelsDir, name) {
  const json = JSON.parse(fs.readFileSync(path.join(modelsDir, `${name}.json`)));
  const specs = [];
  const buffers = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(modelsDir, p)));
  }
  const all = Buffer.concat(buffers);
  const model = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: specs,
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.length),
  }));
  return { model, binSha256: sha256(all) };
}

// [anchors, 17] = logit then 16 regressors, whatever the model's output layout.
function head(model, name, input) {
  if (name === 'blazeface-back') {
    const [c1, c2, r1, r2] = model.execute(input, ['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0']);
    return tf.concat([tf.concat([c1, r1], 2), tf.concat([c2, r2], 2)], 1).squeeze([0]);
  }
  // facemesh-detection-full also has a person head (Identity_1); the face head is Identity.
  return model.execute(input, 'Identity:0').squeeze([0]);
}

function anchors(size, strides, perLayer) {
  const out = [];
  for (let l = 0; l < strides.length;) {
    let same = 0;
    const stride = strides[l];
    while (l < strides.length && strides[l] === stride) { same++; l++; }
    const cells = Math.ceil(size / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let a = 0; a < same * perLayer; a++) out.push([(x + 0.5) / cells, (y + 0.5) / cells]);
      }
    }
  }
  return out;
}

function iou(a, b) {
  const ix = Math.max(0, Math.min(a.cx + a.w / 2, b.cx + b.w / 2) - Math.max(a.cx - a.w / 2, b.cx - b.w / 2));
  const iy = Math.max(0, Math.min(a.cy + a.h / 2, b.cy + b.h / 2) - Math.max(a.cy - a.h / 2, b.cy - b.h / 2));
  const inter = ix * iy;
  return a.w * a.h <= 0 || b.w * b.h <= 0 ? 0 : inter / (a.w * a.h + b.w * b.h - inter);
}

function decode(rows, size, centres, minScore) {
  const found = [];
  rows.forEach((r, i) => {
    const score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, r[0]))));
    if (score < minScore) return;
    const [ax, ay] = centres[i];
    const kp = [];
    for (let k = 0; k < 6; k++) kp.push(r[5 + 2 * k] / size + ax, r[6 + 2 * k] / size + ay);
    found.push({ score, cx: r[1] / size + ax, cy: r[2] / size + ay, w: r[3] / size, h: r[4] / size, kp });
  });
  found.sort((a, b) => b.score - a.score);
  const faces = [];
  let remaining = found;
  while (remaining.length) {
    const best = remaining[0];
    const cluster = remaining.filter((c) => c === best || iou(best, c) > IOU);
    remaining = remaining.filter((c) => !(c === best || iou(best, c) > IOU));
    let total = 0;
    const sum = { x0: 0, y0: 0, x1: 0, y1: 0, kp: new Array(12).fill(0) };
    for (const c of cluster) {
      total += c.score;
      sum.x0 += c.score * (c.cx - c.w / 2); sum.y0 += c.score * (c.cy - c.h / 2);
      sum.x1 += c.score * (c.cx + c.w / 2); sum.y1 += c.score * (c.cy + c.h / 2);
      c.kp.forEach((v, k) => { sum.kp[k] += c.score * v; });
    }
    faces.push({
      score: best.score,
      box: [(sum.x0 + sum.x1) / 2 / total, (sum.y0 + sum.y1) / 2 / total, (sum.x1 - sum.x0) / total, (sum.y1 - sum.y0) / total],
      keypoints: sum.kp.map((v) => v / total),
    });
  }
  return faces;
}


// Faces of a whole RGB image ({width, height, data}) in image pixels: centre, size, score, keypoints.
function detect(model, spec, img, minScore) {
  const bytes = inputBytes(img, spec.size);
  const rows = tf.tidy(() => head(model, spec.name, tf.tensor4d(bytes, [1, spec.size, spec.size, 3]).div(127.5).sub(1)).arraySync());
  const side = Math.max(img.width, img.height);
  return decode(rows, spec.size, anchors(spec.size, spec.strides, spec.perLayer), minScore).map((f) => ({
    score: f.score, cx: f.box[0] * side, cy: f.box[1] * side, w: f.box[2] * side, h: f.box[3] * side,
    keypoints: f.keypoints.map((v) => v * side),
  }));
}

module.exports = { MODELS, IOU, sha256, inputBytes, loadModel, head, anchors, decode, detect };
