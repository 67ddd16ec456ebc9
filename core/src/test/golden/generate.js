// Writes the golden fixture for the DL4J port of face-api.js's face recognition net:
// 150x150 RGB input crops (lossless PNG) and the reference network's raw 128-d outputs, computed
// by TF.js's pure-JS CPU backend. See README.md. Usage: node generate.js [lfwDir] [outDir]
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const tf = faceapi.tf;
const here = __dirname;
const lfwDir = path.resolve(process.argv[2] || path.join(here, '../../../../../shared/data/lfw'));
const outDir = path.resolve(process.argv[3] || path.join(here, '../resources/golden'));
const pkgDir = path.dirname(require.resolve('@vladmandic/face-api/package.json'));
const modelDir = path.join(pkgDir, 'model');
const SIZE = 150;

// LFW deep-funneled images (250x250, face centred) cut at one fixed box, no resize.
const LFW = ['George_W_Bush/George_W_Bush_0001.jpg', 'George_W_Bush/George_W_Bush_0002.jpg',
  'Colin_Powell/Colin_Powell_0001.jpg', 'Serena_Williams/Serena_Williams_0001.jpg',
  'Aaron_Eckhart/Aaron_Eckhart_0001.jpg', 'Jennifer_Aniston/Jennifer_Aniston_0001.jpg'];
const LFW_BOX = { x: 50, y: 50, width: SIZE, height: SIZE };
// Demo photos: the two most confident SSD detections of each, squared up and resized to 150.
const DEMOS = ['sample1.jpg', 'sample2.jpg', 'sample3.jpg'];
const FACES_PER_DEMO = 2;

function decodeJpeg(file) {
  const img = jpeg.decode(fs.readFileSync(file), { useTArray: true, formatAsRGBA: false });
  if (img.data.length !== img.width * img.height * 3) throw new Error(`${file}: expected 3 channels`);
  return img; // RGB, row-major
}

function cropRgb(img, box) {
  const out = new Uint8Array(box.width * box.height * 3);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      for (let c = 0; c < 3; c++) {
        out[(y * box.width + x) * 3 + c] = img.data[((box.y + y) * img.width + box.x + x) * 3 + c];
      }
    }
  }
  return out;
}

function loadNet(net, name) {
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, `${name}-weights_manifest.json`)));
  const weightMap = {};
  for (const group of manifest) {
    const buffers = group.paths.map((p) => fs.readFileSync(path.join(modelDir, p)));
    const all = Buffer.concat(buffers);
    const arrayBuffer = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
    Object.assign(weightMap, tf.io.decodeWeights(arrayBuffer, group.weights));
  }
  net.loadFromWeightMap(weightMap);
}

function writePng(file, rgb, width, height) {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(rgb);
  fs.writeFileSync(file, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}

async function demoCrops(file) {
  const img = decodeJpeg(file);
  const image = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  const found = await faceapi.detectAllFaces(image, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }));
  found.sort((a, b) => b.score - a.score);
  const crops = [];
  for (const det of found.slice(0, FACES_PER_DEMO)) {
    const b = det.box;
    const side = Math.round(Math.max(b.width, b.height));
    const x = Math.max(0, Math.min(img.width - side, Math.round(b.x + b.width / 2 - side / 2)));
    const y = Math.max(0, Math.min(img.height - side, Math.round(b.y + b.height / 2 - side / 2)));
    // Resize in TF.js, then round to bytes: the stored PNG *is* the reference input.
    const pixels = tf.tidy(() => {
      const patch = tf.slice(image, [y, x, 0], [side, side, 3]).toFloat().expandDims(0);
      const resized = tf.image.resizeBilinear(patch, [SIZE, SIZE], false, true);
      return resized.round().clipByValue(0, 255).cast('int32').squeeze();
    });
    crops.push({ rgb: Uint8Array.from(await pixels.data()), box: { x, y, width: side, height: side }, score: det.score });
    pixels.dispose();
  }
  image.dispose();
  return crops;
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  loadNet(faceapi.nets.faceRecognitionNet, 'face_recognition_model');
  loadNet(faceapi.nets.ssdMobilenetv1, 'ssd_mobilenetv1_model');
  fs.mkdirSync(outDir, { recursive: true });

  const inputs = [];
  for (const rel of LFW) {
    const img = decodeJpeg(path.join(lfwDir, 'lfw-deepfunneled', rel));
    inputs.push({ id: `lfw-${path.basename(rel, '.jpg')}`, source: `lfw-deepfunneled/${rel}`, box: LFW_BOX, rgb: cropRgb(img, LFW_BOX) });
  }
  for (const demo of DEMOS) {
    const crops = await demoCrops(path.join(pkgDir, 'demo', demo));
    if (crops.length < FACES_PER_DEMO) throw new Error(`${demo}: found ${crops.length} faces`);
    crops.forEach((c, i) => inputs.push({ id: `demo-${path.basename(demo, '.jpg')}-face${i}`, source: `demo/${demo}`, box: c.box, rgb: c.rgb }));
  }

  const net = faceapi.nets.faceRecognitionNet;
  const entries = [];
  for (const input of inputs) {
    const png = `${input.id}.png`;
    writePng(path.join(outDir, png), input.rgb, SIZE, SIZE);
    const tensor = tf.tensor3d(input.rgb, [SIZE, SIZE, 3], 'int32');
    const descriptor = await net.computeFaceDescriptor(tensor);
    tensor.dispose();
    entries.push({ id: input.id, png, source: input.source, box: input.box, embedding: Array.from(descriptor) });
    console.log(`${input.id}: |e| = ${Math.hypot(...descriptor).toFixed(4)}`);
  }

  const weights = fs.readFileSync(path.join(modelDir, 'face_recognition_model.bin'));
  const fixture = {
    about: 'Raw (not L2-normalised) outputs of face-api.js faceRecognitionNet for the 150x150 RGB PNGs next to this file. Regenerate: see core/src/test/golden/README.md.',
    generator: 'core/src/test/golden/generate.js',
    faceApi: require('@vladmandic/face-api/package.json').version,
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    weightsSha256: crypto.createHash('sha256').update(weights).digest('hex'),
    inputSize: SIZE,
    channelOrder: 'RGB',
    entries,
  };
  fs.writeFileSync(path.join(outDir, 'facerec-embeddings.json'), `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`wrote ${entries.length} entries to ${outDir}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
