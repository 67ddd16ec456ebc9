// Shared by the generators of TF.js graph models' golden fixtures (generate-mobilefacenet.js,
// generate-facemesh.js): their arguments, SHA-256, JPEG decoding, lossless RGB PNGs, loading a graph model from its files in
// memory, and a square region of an image resized to the net's input as TF.js resizes it.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');

// The generators' arguments, [modelCacheDir] [lfwDir] [outDir]: the human-models 3.0.4 models
// directory of the cache, the LFW directory next to the checkout, the fixture directory.
function goldenDirs(defaultOutDir) {
  const cacheDir = path.resolve(process.argv[2] || process.env.FACESPARK_CACHE || path.join(os.homedir(), '.cache/facespark'));
  return {
    modelDir: path.join(cacheDir, 'human-models-3.0.4/models'),
    lfwDir: path.resolve(process.argv[3] || path.join(__dirname, '../../../../../shared/data/lfw')),
    outDir: path.resolve(process.argv[4] || path.join(__dirname, defaultOutDir)),
  };
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

function decodeJpeg(file) {
  const img = jpeg.decode(fs.readFileSync(file), { useTArray: true, formatAsRGBA: false });
  if (img.data.length !== img.width * img.height * 3) throw new Error(`${file}: expected 3 channels`);
  return img;
}

function writePng(file, rgb, size) {
  const png = new PNG({ width: size, height: size, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(rgb);
  fs.writeFileSync(file, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}

// model: the parsed model.json; weightData: an ArrayBuffer of its (single) weight shard.
async function loadGraph(model, weightData) {
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: model.modelTopology,
    weightSpecs: model.weightsManifest.flatMap((g) => g.weights),
    weightData,
    format: model.format, generatedBy: model.generatedBy, convertedBy: model.convertedBy,
  }));
}

// Rows y..y+height and columns x..x+width of a decoded image, resized to size x size with
// tf.image.resizeBilinear (half-pixel centres), rounded to bytes: RGB, row-major.
async function resizedRegion(img, box, size) {
  const rgb = tf.tidy(() => {
    const t = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32').toFloat();
    const patch = tf.slice(t, [box.y, box.x, 0], [box.height, box.width, 3]).expandDims(0);
    return tf.image.resizeBilinear(patch, [size, size], false, true).round().clipByValue(0, 255).cast('int32').squeeze();
  });
  const pixels = Uint8Array.from(await rgb.data());
  rgb.dispose();
  return pixels;
}

module.exports = { goldenDirs, sha256, decodeJpeg, writePng, loadGraph, resizedRegion };
