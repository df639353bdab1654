//! The few distributions the alert tests need, implemented here to keep the crate free of a
//! numerics dependency: Poisson upper tail, Student's t and normal upper tails.

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// P(X ≥ k) for X ~ Poisson(mu).
pub fn poisson_sf(k: u64, mu: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if mu <= 0.0 {
        return 0.0;
    }
    let term = |i: u64| (-mu + i as f64 * mu.ln() - ln_gamma(i as f64 + 1.0)).exp();
    if (k as f64) <= mu {
        // The tail is large: 1 - CDF loses nothing.
        let cdf: f64 = (0..k).map(term).sum();
        return (1.0 - cdf).clamp(0.0, 1.0);
    }
    // Sum the tail directly so tiny probabilities keep their precision; terms decrease
    // geometrically once i > mu.
    let mut sum = 0.0;
    let mut i = k;
    loop {
        let t = term(i);
        sum += t;
        if t < sum * 1e-17 || i > k + 10_000 {
            break;
        }
        i += 1;
    }
    sum.clamp(0.0, 1.0)
}

/// P(Z ≥ z) for a standard normal Z.
pub fn normal_sf(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

/// Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// P(T ≥ t) for Student's t with `df` degrees of freedom.
pub fn student_t_sf(t: f64, df: f64) -> f64 {
    if !t.is_finite() {
        return if t > 0.0 { 0.0 } else { 1.0 };
    }
    let x = df / (df + t * t);
    let half = 0.5 * inc_beta(0.5 * df, 0.5, x);
    if t > 0.0 {
        half
    } else {
        1.0 - half
    }
}

/// Regularised incomplete beta I_x(a, b).
fn inc_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    // The continued fraction converges fast for x < (a+1)/(a+b+2); use symmetry otherwise.
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    }
}

/// Continued fraction for the incomplete beta (modified Lentz).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-14 {
            break;
        }
    }
    h
}

/// Sample mean and unbiased variance.
pub fn mean_var(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let m = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (m, 0.0);
    }
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, v)
}

/// One-sided Welch test that the mean of `a` exceeds the mean of `b`: returns (t, df, p).
/// Variances are floored at `var_floor` so two constant samples do not give t = ∞.
pub fn welch_greater(a: &[f64], b: &[f64], var_floor: f64) -> (f64, f64, f64) {
    let (ma, va) = mean_var(a);
    let (mb, vb) = mean_var(b);
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (va, vb) = (va.max(var_floor), vb.max(var_floor));
    let (sa, sb) = (va / na, vb / nb);
    let se = (sa + sb).sqrt();
    let t = (ma - mb) / se;
    let df = (sa + sb).powi(2) / (sa * sa / (na - 1.0).max(1.0) + sb * sb / (nb - 1.0).max(1.0));
    (t, df, student_t_sf(t, df))
}

/// One-sided two-proportion z-test that x1/n1 exceeds x2/n2 (pooled variance): (z, p).
/// With a pooled proportion of 0 or 1 there is no evidence either way: p = 1.
pub fn two_proportion_greater(x1: usize, n1: usize, x2: usize, n2: usize) -> (f64, f64) {
    if n1 == 0 || n2 == 0 {
        return (0.0, 1.0);
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let pooled = (x1 + x2) as f64 / (n1 + n2) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64)).sqrt();
    if se <= 0.0 {
        return (0.0, 1.0);
    }
    let z = (p1 - p2) / se;
    (z, normal_sf(z))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-300)
    }

    #[test]
    fn gamma_matches_factorials() {
        assert!(ln_gamma(1.0).abs() < 1e-12);
        assert!(close(ln_gamma(5.0).exp(), 24.0, 1e-12));
        assert!(close(
            ln_gamma(0.5).exp(),
            std::f64::consts::PI.sqrt(),
            1e-12
        ));
    }

    #[test]
    fn poisson_tail_values() {
        // P(X>=3 | 0.2) = 1 - e^-0.2 (1 + 0.2 + 0.02)
        let exact = 1.0 - (-0.2f64).exp() * 1.22;
        assert!(close(poisson_sf(3, 0.2), exact, 1e-9));
        assert!(close(poisson_sf(1, 2.0), 1.0 - (-2.0f64).exp(), 1e-12));
        assert_eq!(poisson_sf(0, 5.0), 1.0);
        // Far tail stays positive and tiny.
        let p = poisson_sf(30, 0.5);
        assert!(p > 0.0 && p < 1e-30);
    }

    #[test]
    fn t_and_normal_tails() {
        assert!(close(normal_sf(1.959_964), 0.025, 1e-5));
        assert!(close(normal_sf(0.0), 0.5, 1e-7));
        // t(10) upper 2.5% point is 2.228.
        assert!(close(student_t_sf(2.228_139, 10.0), 0.025, 1e-4));
        assert!(close(student_t_sf(-2.228_139, 10.0), 0.975, 1e-4));
        assert!(close(student_t_sf(0.0, 3.0), 0.5, 1e-9));
    }

    #[test]
    fn welch_and_proportions() {
        let a = [5.0, 6.0, 7.0, 5.5, 6.5];
        let b = [1.0, 2.0, 1.5, 0.5, 2.5];
        let (t, _, p) = welch_greater(&a, &b, 0.0);
        assert!(t > 5.0 && p < 0.001);
        let (_, p) = two_proportion_greater(8, 10, 1, 20);
        assert!(p < 0.001);
        let (_, p) = two_proportion_greater(0, 10, 0, 20);
        assert_eq!(p, 1.0);
    }
}
