#!/usr/bin/python3
"""Reference arcface chips cut the way insightface does (the fixture of ArcfaceChipGoldenTest).

insightface's face_align.norm_crop: skimage's SimilarityTransform.estimate(five points,
arcface_dst) (Umeyama's least squares), then cv2.warpAffine(img, M[:2], (112, 112),
borderValue=0.0) (bilinear). Run with Debian's python3-skimage and python3-opencv:

    /usr/bin/python3 generate-arcface-chip.py [lfwDir] [outDir]
"""
import json
import os
import sys

import cv2
import numpy as np
import skimage
from skimage import transform as trans

ARCFACE_DST = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                        [41.5493, 92.3655], [70.7299, 92.2041]], dtype=np.float32)

# Five points (image-left eye, image-right eye, nose tip, left and right mouth corner), values
# exact in float32 so that Java's float landmarks hold the same numbers.
CASES = {
    "upright": ("Aaron_Eckhart/Aaron_Eckhart_0001.jpg",
                [[100.5, 113.25], [148.75, 112.5], [124.25, 140.5], [105.5, 163.75], [146.25, 162.5]]),
    "tilted-off-edge": ("George_W_Bush/George_W_Bush_0001.jpg",
                        [[20.5, 95.25], [70.0, 110.75], [38.25, 134.5], [14.75, 150.0], [55.5, 163.25]]),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    lfw = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../../../shared/data/lfw")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "../resources/golden/arcface")
    os.makedirs(out, exist_ok=True)
    fixture = {"skimage": skimage.__version__, "opencv": cv2.__version__, "cases": []}
    for name, (image, points) in CASES.items():
        img = cv2.imread(os.path.join(lfw, "lfw-deepfunneled", image), cv2.IMREAD_COLOR)
        src = np.array(points, dtype=np.float32)
        tform = trans.SimilarityTransform()
        tform.estimate(src, ARCFACE_DST)
        m = tform.params[0:2, :]
        chip = cv2.warpAffine(img, m, (112, 112), borderValue=0.0)
        cv2.imwrite(os.path.join(out, name + ".png"), chip)
        fixture["cases"].append({"name": name, "image": image, "points": points,
                                 "matrix": m.reshape(-1).tolist(), "chip": name + ".png"})
    with open(os.path.join(out, "arcface-chips.json"), "w") as f:
        json.dump(fixture, f, indent=2)


if __name__ == "__main__":
    main()
