// Writes the golden fixture for the DL4J port of face-api.js's SSD MobileNet v1 face detector and
// its 68-point landmark net: for each demo photo sample1..6.jpg, the reference detections
// (minConfidence 0.5, face-api's default NMS IoU 0.5 and maxResults 100) as boxes in original
// image pixels with scores, and the 68 landmarks of each face, computed by TF.js's pure-JS CPU
// backend. See README.md. Usage: node generate-detect.js [outDir]
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const jpeg = require('jpeg-js');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const tf = faceapi.tf;
const here = __dirname;
const outDir = path.resolve(process.argv[2] || path.join(here, '../resources/golden'));
const pkgDir = path.dirname(require.resolve('@vladmandic/face-api/package.json'));
const modelDir = path.join(pkgDir, 'model');
const DEMOS = ['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg', 'sample5.jpg', 'sample6.jpg'];
const MIN_CONFIDENCE = 0.5;

function loadNet(net, name) {
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, `${name}-weights_manifest.json`)));
  const weightMap = {};
  for (const group of manifest) {
    const all = Buffer.concat(group.paths.map((p) => fs.readFileSync(path.join(modelDir, p))));
    const arrayBuffer = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
    Object.assign(weightMap, tf.io.decodeWeights(arrayBuffer, group.weights));
  }
  net.loadFromWeightMap(weightMap);
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

// Three decimals keep the fixture small; the test's tolerances are far coarser.
const r3 = (v) => Math.round(v * 1000) / 1000;

async function detect(file) {
  const img = jpeg.decode(fs.readFileSync(file), { useTArray: true, formatAsRGBA: false });
  if (img.data.length !== img.width * img.height * 3) throw new Error(`${file}: expected 3 channels`);
  const image = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  const found = await faceapi.detectAllFaces(image, new faceapi.SsdMobilenetv1Options({ minConfidence: MIN_CONFIDENCE }))
    .withFaceLandmarks();
  image.dispose();
  const faces = found.map((f) => ({
    score: Math.round(f.detection.score * 1e6) / 1e6,
    box: { x: r3(f.detection.box.x), y: r3(f.detection.box.y), width: r3(f.detection.box.width), height: r3(f.detection.box.height) },
    landmarks: f.landmarks.positions.map((p) => [r3(p.x), r3(p.y)]),
  }));
  return {
    width: img.width,
    height: img.height,
    decodedRgbSha256: crypto.createHash('sha256').update(img.data).digest('hex'),
    faces,
  };
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  loadNet(faceapi.nets.ssdMobilenetv1, 'ssd_mobilenetv1_model');
  loadNet(faceapi.nets.faceLandmark68Net, 'face_landmark_68_model');
  fs.mkdirSync(outDir, { recursive: true });
  const images = [];
  for (const demo of DEMOS) {
    const result = await detect(path.join(pkgDir, 'demo', demo));
    images.push({ file: `demo/${demo}`, jpegSha256: sha256(path.join(pkgDir, 'demo', demo)), ...result });
    console.log(`${demo}: ${result.width}x${result.height}, ${result.faces.length} faces, scores ${result.faces.map((f) => f.score.toFixed(3)).join(' ')}`);
  }
  const fixture = {
    about: 'face-api.js SsdMobilenetv1 detections (boxes in original image pixels, reference order = score descending) '
      + 'and FaceLandmark68Net landmarks (68 [x, y] in original image pixels) for the package demo photos. '
      + 'Regenerate: see core/src/test/golden/README.md.',
    generator: 'core/src/test/golden/generate-detect.js',
    faceApi: require('@vladmandic/face-api/package.json').version,
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    jpegDecoder: `jpeg-js ${require('jpeg-js/package.json').version}`,
    minConfidence: MIN_CONFIDENCE,
    iouThreshold: 0.5,
    maxResults: 100,
    detectorWeightsSha256: sha256(path.join(modelDir, 'ssd_mobilenetv1_model.bin')),
    landmarkWeightsSha256: sha256(path.join(modelDir, 'face_landmark_68_model.bin')),
    images,
  };
  fs.writeFileSync(path.join(outDir, 'detect-landmarks.json'), `${JSON.stringify(fixture)}\n`);
  console.log(`wrote ${images.length} images to ${path.join(outDir, 'detect-landmarks.json')}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
