// Data sets used by the metafor reference tests, each with where it comes from.

/**
 * dat.bcg: 13 trials of the BCG vaccine against tuberculosis (Colditz et al., 1994), as shipped
 * with metafor/metadat (https://wviechtb.github.io/metadat/reference/dat.bcg.html). tpos/tneg:
 * TB positive/negative in the vaccinated group, cpos/cneg in the control group; ablat: absolute
 * latitude; alloc: treatment allocation. The same counts are printed (rows 1-7) on
 * https://www.metafor-project.org/doku.php/analyses:vanhouwelingen2002, and the log risk ratios
 * computed from them reproduce metafor's published REML fit to 15 digits (tidymodels/broom
 * tests/testthat/test-metafor.R), which pins every count.
 */
export const BCG = {
  trial: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  author: [
    'Aronson',
    'Ferguson & Simes',
    'Rosenthal et al',
    'Hart & Sutherland',
    'Frimodt-Moller et al',
    'Stein & Aronson',
    'Vandiviere et al',
    'TPT Madras',
    'Coetzee & Berjak',
    'Rosenthal et al',
    'Comstock et al',
    'Comstock & Webster',
    'Comstock et al',
  ],
  year: [1948, 1949, 1960, 1977, 1973, 1953, 1973, 1980, 1968, 1961, 1974, 1969, 1976],
  tpos: [4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27],
  tneg: [119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886],
  cpos: [11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29],
  cneg: [128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825],
  ablat: [44, 55, 42, 52, 13, 44, 19, 13, 27, 42, 18, 33, 33],
  alloc: [
    'random',
    'random',
    'random',
    'random',
    'alternate',
    'alternate',
    'random',
    'random',
    'random',
    'systematic',
    'systematic',
    'systematic',
    'systematic',
  ],
} as const;

/**
 * dat.normand1999: length of hospital stay (days) under specialist (group 1) and routine (group 2)
 * stroke care, 9 studies (Normand, 1999, Stat Med 18:321-359, Table VIII), as in metafor/metadat;
 * values as printed e.g. in kylehamilton/metabroom README.md and used by metafor's
 * tests/testthat/test_analysis_example_normand1999.r.
 */
export const NORMAND = {
  source: [
    'Edinburgh',
    'Orpington-Mild',
    'Orpington-Moderate',
    'Orpington-Severe',
    'Montreal-Home',
    'Montreal-Transfer',
    'Newcastle',
    'Umea',
    'Uppsala',
  ],
  n1i: [155, 31, 75, 18, 8, 57, 34, 110, 60],
  m1i: [55, 27, 64, 66, 14, 19, 52, 21, 30],
  sd1i: [47, 7, 17, 20, 8, 7, 45, 16, 27],
  n2i: [156, 32, 71, 18, 13, 52, 33, 183, 52],
  m2i: [75, 29, 119, 137, 18, 18, 41, 31, 23],
  sd2i: [64, 4, 29, 48, 11, 4, 34, 27, 20],
};

/**
 * The two examples of Viechtbauer (2005, J Educ Behav Stat 30:261-293), yi/vi as typed into
 * metafor's tests/testthat/test_analysis_example_viechtbauer2005.r.
 */
export const VIECHTBAUER2005 = {
  ex1: {
    yi: [-0.581, 0.53, 0.771, 1.031, 0.553, 0.295, 0.078, 0.573, -0.176, -0.232],
    vi: [0.023, 0.052, 0.06, 0.115, 0.095, 0.203, 0.2, 0.211, 0.051, 0.04],
  },
  ex2: {
    yi: [0.1, -0.162, -0.09, -0.049, -0.046, -0.01, -0.431, -0.261, 0.134, 0.019, 0.175, 0.056, 0.045, 0.103, 0.121, -0.482, 0.29, 0.342],
    vi: [0.016, 0.015, 0.05, 0.05, 0.032, 0.052, 0.036, 0.024, 0.034, 0.033, 0.031, 0.034, 0.039, 0.167, 0.134, 0.096, 0.016, 0.035],
  },
};

/** Miller (1978) proportions, from metafor's tests/testthat/test_analysis_example_miller1978.r. */
export const MILLER1978 = { xi: [3, 6, 10, 1], ni: [11, 17, 21, 6] };

/**
 * Synthetic small-sample designs from neurostuff/PyMARE pymare/tests/data/metafor_small_sample.csv;
 * metafor 4.6.0 results for them are in pymare/tests/data/metafor_reference.json (see rma tests).
 */
export const PYMARE_DESIGNS: Record<string, { y: number[]; v: number[]; mod1: number[]; mod2: number[] }> = {
  equal_k5: {
    y: [-0.375707, 0.087667, 3.101687, -0.06849, 0.31128],
    v: [0.8, 0.929221, 0.970525, 1.094569, 1.2],
    mod1: [-0.748217, -1.276576, 0.641675, -0.088526, -0.619594],
    mod2: [0.704845, -0.47001, 0.438471, -0.737219, -0.088764],
  },
  unequal_k5: {
    y: [-0.073207, -0.415375, 5.226533, -0.785429, -2.088512],
    v: [0.02, 0.050569, 2.721731, 0.041877, 5.0],
    mod1: [-0.030471, 0.55718, -1.21246, -0.13535, -0.088064],
    mod2: [-0.201518, -0.403218, -0.197126, 0.481527, 0.94634],
  },
  extreme_k10: {
    y: [0.016779, 0.796272, 1.404543, -0.487727, 2.690687, 0.731744, 2.31175, 0.109614, 0.858999, -2.844727],
    v: [0.001, 0.055928, 0.521481, 0.060657, 3.638258, 0.016879, 0.00968, 0.013116, 2.818472, 10.0],
    mod1: [-0.564825, 1.527239, 0.662909, -0.897445, 0.708595, 0.445024, 2.888549, 0.014565, 0.855125, -0.462562],
    mod2: [-0.254971, 0.922216, -0.286004, -0.392826, 0.009625, 0.843559, -0.492423, -0.037684, 0.233354, 0.853288],
  },
  moderate_k20: {
    y: [
      0.91344, -0.013711, 0.71129, -0.349063, 0.524942, 1.390945, 1.394405, 1.712806, 2.448195, 0.797816, -0.455644, 0.34701, 1.10191,
      1.118779, 0.13778, 2.617864, 0.139465, 0.330425, -0.784248, -0.138601,
    ],
    v: [
      0.1, 2.93755, 2.146649, 1.990442, 0.478369, 0.147635, 0.271023, 2.012027, 1.435666, 1.058463, 1.071934, 0.310011, 0.949126, 0.39391,
      0.856478, 0.39576, 0.108517, 0.353627, 0.626412, 3.0,
    ],
    mod1: [
      0.204375, 1.178207, -1.083161, -1.043947, 0.202713, 0.429181, 1.965549, -0.112448, 1.354667, 0.297972, -2.350888, -0.109193,
      -0.558496, -0.026241, -0.559033, 1.290723, -0.717358, 0.521517, -0.735639, -0.815849,
    ],
    mod2: [
      -0.008652, 0.301006, -0.26424, -0.114757, -0.286422, 0.572391, -0.346648, -0.166992, -0.428453, -0.61609, -0.229393, 0.058631,
      -0.943826, -0.509564, -0.658134, 0.094992, -0.344261, -0.756924, 0.734865, 0.541048,
    ],
  },
};
