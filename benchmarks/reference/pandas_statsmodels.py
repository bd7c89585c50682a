#!/usr/bin/env python3
"""The reference the whole-process benchmark compares `icp report` with: the same work in pandas + statsmodels.

Run on the export that `generate-export` writes (benchmarks/whole-process.sh does both):

    /usr/bin/python3 benchmarks/reference/pandas_statsmodels.py deals.csv

It does what the report does, in the way an analyst would write it: load the CSV; the segment yield table
(industry x region x employee band: deals, win rate, margin per deal, margin per effort hour); per-industry OLS of margin
per opportunity on log1p(efforts) with amount and rep as controls and HC3 standard errors; double ML (partialling out,
5 folds, ridge nuisances in closed form, per industry); and an ICP table of one- and two-condition rules over the
account attributes, ranked by margin per effort hour. It prints a few figures so the work cannot be optimised away.
"""
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm

EFFORTS = ["meetings", "demos", "calls", "emails"]


def ridge_predict(x_train, y_train, x_test, lam=1.0):
    mu_x, mu_y = x_train.mean(axis=0), y_train.mean()
    xc = x_train - mu_x
    beta = np.linalg.solve(xc.T @ xc + lam * np.eye(xc.shape[1]), xc.T @ (y_train - mu_y))
    return mu_y + (x_test - mu_x) @ beta


def dml(y, d, x, folds=5, seed=1):
    n = len(y)
    idx = np.random.default_rng(seed).permutation(n)
    ry, rd = np.empty(n), np.empty(n)
    for k in range(folds):
        test = idx[k::folds]
        train = np.setdiff1d(idx, test, assume_unique=True)
        ry[test] = y[test] - ridge_predict(x[train], y[train], x[test])
        rd[test] = d[test] - ridge_predict(x[train], d[train], x[test])
    theta = (rd @ ry) / (rd @ rd)
    psi = (ry - theta * rd) * rd
    se = np.sqrt(np.mean(psi ** 2) / np.mean(rd ** 2) ** 2 / n)
    return theta, se


def main(path):
    t0 = time.perf_counter()
    df = pd.read_csv(path, parse_dates=["close_date"])
    df = df[df["stage"].isin(["Closed Won", "Closed Lost"])].copy()
    df["won"] = (df["stage"] == "Closed Won").astype(float)
    df["margin_opp"] = df["gross_margin"].fillna(0.0) * df["won"]
    df["employee_band"] = pd.cut(df["employees"], [0, 50, 200, 1000, 5000, np.inf], right=False)
    t1 = time.perf_counter()

    # Segment yield.
    g = df.groupby(["industry", "region", "employee_band"], observed=True)
    table = g.agg(deals=("won", "size"), win_rate=("won", "mean"), margin=("margin_opp", "sum"), hours=("effort_hours", "sum"))
    table["margin_per_deal"] = table["margin"] / table["deals"]
    table["margin_per_hour"] = table["margin"] / table["hours"]
    t2 = time.perf_counter()

    # Per-industry OLS with HC3, and double ML.
    ols_out, dml_out = [], []
    reps = pd.get_dummies(df["rep"], drop_first=True, dtype=float)
    for industry, part in df.groupby("industry"):
        design = np.log1p(part[EFFORTS].to_numpy(float))
        controls = np.column_stack([part["amount"].to_numpy(float), reps.loc[part.index].to_numpy()])
        x = sm.add_constant(np.column_stack([design, controls]))
        fit = sm.OLS(part["margin_opp"].to_numpy(float), x).fit(cov_type="HC3")
        ols_out.append((industry, fit.params[1], fit.bse[1]))
        y = part["margin_opp"].to_numpy(float)
        for j, effort in enumerate(EFFORTS):
            others = np.column_stack([np.delete(design, j, axis=1), controls])
            dml_out.append((industry, effort) + dml(y, design[:, j], others))
    t3 = time.perf_counter()

    # ICP table: every one- and two-condition rule over the account attributes.
    rules = []
    attrs = ["industry", "region", "employee_band"]
    total_rate = df["margin_opp"].sum() / df["effort_hours"].sum()
    for i, a in enumerate(attrs):
        for b in attrs[i:]:
            keys = [a] if a == b else [a, b]
            grp = df.groupby(keys, observed=True).agg(n=("won", "size"), m=("margin_opp", "sum"), h=("effort_hours", "sum"))
            grp = grp[grp["n"] >= 30]
            grp["lift"] = grp["m"] / grp["h"] / total_rate
            rules.extend(grp.sort_values("lift", ascending=False).head(5).itertuples())
    t4 = time.perf_counter()

    print(f"deals {len(df):,}; segments {len(table)}; OLS fits {len(ols_out)}; DML effects {len(dml_out)}; rules {len(rules)}")
    print(f"first OLS meetings effect {ols_out[0][2]:.4f}; first DML {dml_out[0][2]:.4f}")
    print(f"load {t1 - t0:.2f} s, segment yield {t2 - t1:.2f} s, effects {t3 - t2:.2f} s, ICP table {t4 - t3:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
