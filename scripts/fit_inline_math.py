#!/usr/bin/env python3
"""Recomputes the polynomial coefficients of native/codegen/inline_math.cpp.

Near-minimax fits in relative error: Lawson's iteration (iteratively reweighted least
squares) over Chebyshev nodes, in double precision, printed rounded to float. Needs numpy.
"""
import math

import numpy as np

FLOAT_HALF_ULP = 2.0 ** -24


def lawson(powers, target, weight, x, iterations=200):
    """Coefficients c of sum(c[k] * x**powers[k]) minimising max |(fit - target) * weight|."""
    basis = np.stack([x ** p for p in powers], axis=1)
    w = np.full_like(x, 1.0 / len(x))
    for _ in range(iterations):
        root = np.sqrt(w)
        c, *_ = np.linalg.lstsq(basis * (root * weight)[:, None], target * weight * root, rcond=None)
        err = np.abs((basis @ c - target) * weight)
        w = w * err
        w /= w.sum()
    return c, np.max(np.abs((basis @ c - target) * weight))


def show(name, coefficients, error):
    values = ', '.join(f'{float(np.float32(v))!r}f' for v in coefficients)
    print(f'{name}: max relative error {error:.3g} ({error / FLOAT_HALF_ULP:.3f} half-ulps)')
    print(f'  {{{values}}}')


def main():
    # e^r - 1 = r (c1 + r (c2 + ...)) for |r| <= ln2 / 2 (after exp's range reduction).
    half_ln2 = np.log(2.0) / 2
    r = np.cos(np.linspace(0.0, np.pi, 20001)) * half_ln2
    c, err = lawson(range(1, 7), np.expm1(r), np.exp(-r), r)
    show('exp', c, err)

    # The same, in relative error of e^r - 1 itself (tanh's e^2|x| - 1, which near 0 is r).
    r = r[np.abs(r) > 1e-12]
    c, err = lawson(range(1, 7), np.expm1(r), 1.0 / np.abs(np.expm1(r)), r)
    show('expm1', c, err)

    # erf(x) = x + x R(x^2) for |x| < 0.875, R fitted in relative error of erf(x) / x.
    erf = np.vectorize(math.erf)
    erfc = np.vectorize(math.erfc)
    x = np.cos(np.linspace(0.0, np.pi / 2, 20001)) * 0.875 + 1e-9
    c, err = lawson(range(0, 12, 2), (erf(x) - x) / x, x / erf(x), x)
    show('erf near 0', c, err)

    # erf(x) = 1 - e^S(x) for 0.875 <= x <= 4, S fitted to log(erfc(x)) in the absolute error
    # of erf it makes (erfc(x) times S's error).
    x = 0.875 + (4.0 - 0.875) * (np.cos(np.linspace(0.0, np.pi, 20001)) + 1) / 2
    c, err = lawson(range(7), np.log(erfc(x)), erfc(x) / erf(x), x)
    show('log erfc', c, err)


if __name__ == '__main__':
    main()
