# Reference numbers for the small-study tests, meta-regression, cumulative meta-analysis, influence
# diagnostics and the mean-change correlation sensitivity (src/meta/{bias,metareg,cumulative,
# influence,change}.ts). Run from the repository root:
#   Rscript test/meta/r/extras.R > test/meta/r/extras-expected.json
# Tested with R 4.2 / metafor 3.8.1 / metadat (Debian bookworm packages). Each entry records the
# R call that produced it; the data (yi, vi, moderators) come from metafor's own datasets.
suppressMessages({ library(metafor); library(jsonlite) })
out <- list(metafor = as.character(packageVersion("metafor")), R = R.version.string, datasets = list(), expect = list())
E <- function(name, call, value) out$expect[[name]] <<- list(call = call, value = value)
num <- function(x) unname(as.numeric(x))

## data sets as the tests see them (yi, vi and moderators)
bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
rau <- dat.raudenbush1985
hack <- dat.hackshaw1998
pag <- escalc(measure = "PLO", xi = xi, ni = ni, data = dat.pagliaro1992)
egg <- escalc(measure = "OR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = dat.egger2001)
sets <- list(
  bcg = list(call = 'escalc(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg)', d = bcg, mods = c("ablat", "year", "alloc"), label = "author"),
  raudenbush1985 = list(call = "dat.raudenbush1985", d = rau, mods = c("weeks", "tester", "setting", "year"), label = "author"),
  hackshaw1998 = list(call = "dat.hackshaw1998", d = hack, mods = c("year", "design"), label = "author"),
  pagliaro1992 = list(call = 'escalc(measure="PLO", xi=xi, ni=ni, data=dat.pagliaro1992)', d = pag, mods = c("trt"), label = "study"),
  egger2001 = list(call = 'escalc(measure="OR", ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat.egger2001)', d = egg, mods = c("year"), label = "study")
)
for (n in names(sets)) {
  s <- sets[[n]]
  m <- lapply(s$mods, function(v) { x <- s$d[[v]]; if (is.factor(x)) as.character(x) else x })
  names(m) <- s$mods
  out$datasets[[n]] <- list(call = s$call, label = as.character(s$d[[s$label]]), yi = num(s$d$yi), vi = num(s$d$vi), mods = m)
}
D <- function(n) sets[[n]]$d

## small-study tests
for (n in names(sets)) {
  for (method in c("REML", "DL")) {
    res <- rma(yi, vi, data = D(n), method = method)
    rt <- regtest(res)
    E(paste0("regtest/", n, "/", method), sprintf('regtest(rma(yi, vi, data=%s, method="%s"))', n, method),
      list(zval = num(rt$zval), pval = num(rt$pval), limit = num(rt$est), ci_lb = num(rt$ci.lb), ci_ub = num(rt$ci.ub)))
    rk <- suppressWarnings(ranktest(res))
    E(paste0("ranktest/", n, "/", method), sprintf('ranktest(rma(yi, vi, data=%s, method="%s"))', n, method),
      list(tau = num(rk$tau), pval = num(rk$pval)))
    tf <- trimfill(res)
    E(paste0("trimfill/", n, "/", method), sprintf('trimfill(rma(yi, vi, data=%s, method="%s"))', n, method),
      list(k0 = num(tf$k0), se_k0 = num(tf$se.k0), side = tf$side, estimate = num(tf$beta), se = num(tf$se), ci_lb = num(tf$ci.lb), ci_ub = num(tf$ci.ub), tau2 = num(tf$tau2)))
  }
  res <- rma(yi, vi, data = D(n), method = "REML", test = "knha")
  rt <- regtest(res)
  E(paste0("regtest/", n, "/REML-knha"), sprintf('regtest(rma(yi, vi, data=%s, method="REML", test="knha"))', n),
    list(zval = num(rt$zval), pval = num(rt$pval), ddf = num(rt$ddf), limit = num(rt$est), ci_lb = num(rt$ci.lb), ci_ub = num(rt$ci.ub)))
  tf <- trimfill(rma(yi, vi, data = D(n), method = "REML"), estimator = "R0")
  E(paste0("trimfill/", n, "/REML-R0"), sprintf('trimfill(rma(yi, vi, data=%s, method="REML"), estimator="R0")', n),
    list(k0 = num(tf$k0), side = tf$side, estimate = num(tf$beta), se = num(tf$se)))
}

## meta-regression
mr <- function(key, n, f, method, test = "z") {
  res <- rma(yi, vi, mods = f, data = D(n), method = method, test = test)
  co <- coef(summary(res))
  E(paste0("metareg/", key), sprintf('rma(yi, vi, mods=%s, data=%s, method="%s", test="%s")', deparse(f), n, method, test),
    list(terms = rownames(co), estimate = num(co$estimate), se = num(co$se), stat = num(if (test == "z") co$zval else co$tval),
         pval = num(co$pval), ci_lb = num(co$ci.lb), ci_ub = num(co$ci.ub), QM = num(res$QM), QMp = num(res$QMp),
         QE = num(res$QE), QEp = num(res$QEp), tau2 = num(res$tau2), se_tau2 = num(res$se.tau2), I2 = num(res$I2), R2 = num(res$R2)))
}
mr("bcg/ablat+year/REML", "bcg", ~ ablat + year, "REML")
mr("bcg/ablat+year/ML", "bcg", ~ ablat + year, "ML")
mr("bcg/ablat+year/DL", "bcg", ~ ablat + year, "DL")
mr("bcg/alloc/REML-knha", "bcg", ~ alloc, "REML", "knha")
mr("bcg/ablat+alloc/REML", "bcg", ~ ablat + alloc, "REML")
mr("bcg/ablat/FE", "bcg", ~ ablat, "FE")
mr("raudenbush1985/weeks+tester/REML", "raudenbush1985", ~ weeks + tester, "REML")
mr("raudenbush1985/weeks/REML-knha", "raudenbush1985", ~ weeks, "REML", "knha")
mr("raudenbush1985/weeks+setting/DL", "raudenbush1985", ~ weeks + setting, "DL")
mr("hackshaw1998/year/ML", "hackshaw1998", ~ year, "ML")
mr("hackshaw1998/year+design/REML", "hackshaw1998", ~ year + design, "REML")
mr("pagliaro1992/trt/DL", "pagliaro1992", ~ trt, "DL")
mr("pagliaro1992/trt/REML-knha", "pagliaro1992", ~ trt, "REML", "knha")
mr("egger2001/year/REML", "egger2001", ~ year, "REML")

## cumulative meta-analysis
cu <- function(key, n, ord, method, test = "z") {
  res <- rma(yi, vi, data = D(n), method = method, test = test)
  d <- D(n)
  cm <- cumul(res, order = d[[ord]])
  E(paste0("cumul/", key), sprintf('cumul(rma(yi, vi, data=%s, method="%s", test="%s"), order=%s)', n, method, test, ord),
    list(order = order(d[[ord]]) - 1, estimate = num(cm$estimate), se = num(cm$se), pval = num(cm$pval), ci_lb = num(cm$ci.lb), ci_ub = num(cm$ci.ub),
         Q = num(cm$Q), tau2 = if (is.null(cm$tau2)) NULL else num(cm$tau2), I2 = num(cm$I2), H2 = num(cm$H2)))
}
cu("bcg/year/REML", "bcg", "year", "REML")
cu("bcg/ablat/DL", "bcg", "ablat", "DL")
cu("hackshaw1998/year/DL", "hackshaw1998", "year", "DL")
cu("raudenbush1985/weeks/REML-knha", "raudenbush1985", "weeks", "REML", "knha")
cu("egger2001/year/REML", "egger2001", "year", "REML")
cu("egger2001/year/FE", "egger2001", "year", "FE")

## influence and Baujat
inf <- function(key, n, method, f = NULL, test = "z") {
  res <- if (is.null(f)) rma(yi, vi, data = D(n), method = method, test = test) else rma(yi, vi, mods = f, data = D(n), method = method, test = test)
  i <- influence(res)
  b <- baujat(res)
  dev.off()
  E(paste0("influence/", key), sprintf('influence(rma(yi, vi, %sdata=%s, method="%s", test="%s"))', if (is.null(f)) "" else paste0("mods=", deparse(f), ", "), n, method, test),
    list(rstudent = num(i$inf$rstudent), dffits = num(i$inf$dffits), cook_d = num(i$inf$cook.d), cov_r = num(i$inf$cov.r),
         tau2_del = num(i$inf$tau2.del), QE_del = num(i$inf$QE.del), hat = num(i$inf$hat), weight = num(i$inf$weight),
         dfbetas = lapply(seq_len(res$p), function(j) num(i$dfbs[[j]])), inf = i$inf$inf == "*"))
  E(paste0("baujat/", key), sprintf('baujat(rma(yi, vi, %sdata=%s, method="%s", test="%s"))', if (is.null(f)) "" else paste0("mods=", deparse(f), ", "), n, method, test),
    list(x = num(b$x), y = num(b$y)))
}
pdf(NULL)
inf("bcg/REML", "bcg", "REML")
pdf(NULL)
inf("bcg/ablat/REML", "bcg", "REML", ~ ablat)
pdf(NULL)
inf("hackshaw1998/DL", "hackshaw1998", "DL")
pdf(NULL)
inf("raudenbush1985/REML-knha", "raudenbush1985", "REML", NULL, "knha")
pdf(NULL)
inf("egger2001/REML", "egger2001", "REML")

## mean change with an assumed correlation (MC, SMCR) and the sensitivity across correlations.
## These data sets give two groups' summaries; the tests treat group 1 and group 2 as the two time
## points of one group of n1i subjects (ni = n1i), which exercises the same formulas.
mcsets <- list(normand1999 = dat.normand1999, gibson2002 = dat.gibson2002[!is.na(dat.gibson2002$m1i), ], curtis1998 = dat.curtis1998)
for (n in names(mcsets)) {
  d <- mcsets[[n]]
  out$datasets[[paste0("change/", n)]] <- list(call = sprintf("%s (m1i, m2i, sd1i, sd2i; ni = n1i)", n), m1i = num(d$m1i), m2i = num(d$m2i), sd1i = num(d$sd1i), sd2i = num(d$sd2i), ni = num(d$n1i))
  for (measure in c("MC", "SMCR")) for (r in c(0.2, 0.5, 0.8)) {
    es <- escalc(measure = measure, m1i = m1i, m2i = m2i, sd1i = sd1i, sd2i = sd2i, ni = n1i, ri = rep(r, nrow(d)), data = d)
    res <- rma(yi, vi, data = es, method = "REML")
    E(sprintf("change/%s/%s/%s", n, measure, r), sprintf('rma(yi, vi, method="REML", data=escalc(measure="%s", m1i=m1i, m2i=m2i, sd1i=sd1i, sd2i=sd2i, ni=n1i, ri=rep(%s, k), data=%s))', measure, r, n),
      list(yi = num(es$yi), vi = num(es$vi), estimate = num(res$beta), se = num(res$se), ci_lb = num(res$ci.lb), ci_ub = num(res$ci.ub), tau2 = num(res$tau2), I2 = num(res$I2)))
  }
}
cat(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", na = "null", pretty = FALSE))
