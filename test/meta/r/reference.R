# Reference numbers for test/meta/{dist,options,glmm,mh}.test.ts, from R's metafor and lme4.
# Run from the repository root:  Rscript test/meta/r/reference.R   (writes test/meta/r/reference.json)
# The tests read only the JSON; they never need R. Each entry records the R call that produced it.
suppressMessages({ library(metafor); library(lme4); library(jsonlite) })
out <- list(versions = list(R = R.version.string, metafor = as.character(packageVersion("metafor")),
                            lme4 = as.character(packageVersion("lme4")), metadat = as.character(packageVersion("metadat"))))
num <- function(x) if (is.null(x) || length(x) == 0 || all(is.na(x))) NA else unname(as.numeric(x))
rmaVals <- function(r) list(b = num(r$beta[1]), se = num(r$se[1]), zval = num(r$zval[1]), pval = num(r$pval[1]),
  ci_lb = num(r$ci.lb[1]), ci_ub = num(r$ci.ub[1]), tau2 = num(r$tau2), se_tau2 = num(r$se.tau2),
  QE = num(r$QE), QEp = num(r$QEp), I2 = num(r$I2), H2 = num(r$H2), QM = num(r$QM), QMp = num(r$QMp),
  weights = num(weights(r)))
cases <- list()
add <- function(name, call, value) cases[[length(cases) + 1]] <<- list(name = name, call = call, value = value)

## --- data sets -----------------------------------------------------------------------------------
bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
hack <- dat.hackshaw1998
mol <- escalc(measure = "ZCOR", ri = ri, ni = ni, data = dat.molloy2014)
sets <- list(bcg = list(d = bcg, w = dat.bcg$tpos + dat.bcg$tneg + dat.bcg$cpos + dat.bcg$cneg),
             hackshaw1998 = list(d = hack, w = 1 / sqrt(hack$vi)),
             molloy2014 = list(d = mol, w = dat.molloy2014$ni))
out$data <- lapply(sets, function(s) list(yi = num(s$d$yi), vi = num(s$d$vi), w = num(s$w)))

## --- rma.uni options ---------------------------------------------------------------------------
for (nm in names(sets)) {
  d <- sets[[nm]]$d; w <- sets[[nm]]$w
  add(paste(nm, "EB"), 'rma(yi, vi, method="EB")', rmaVals(rma(d$yi, d$vi, method = "EB")))
  add(paste(nm, "GENQ"), 'rma(yi, vi, weights=w, method="GENQ")', rmaVals(rma(d$yi, d$vi, weights = w, method = "GENQ")))
  add(paste(nm, "REML t"), 'rma(yi, vi, test="t")', rmaVals(rma(d$yi, d$vi, test = "t")))
  add(paste(nm, "DL t level40"), 'rma(yi, vi, method="DL", test="t", level=40)', rmaVals(rma(d$yi, d$vi, method = "DL", test = "t", level = 40)))
  add(paste(nm, "REML weights"), 'rma(yi, vi, weights=w)', rmaVals(rma(d$yi, d$vi, weights = w)))
  add(paste(nm, "REML weights knha"), 'rma(yi, vi, weights=w, test="knha")', rmaVals(rma(d$yi, d$vi, weights = w, test = "knha")))
  add(paste(nm, "REML tau2=0.1"), 'rma(yi, vi, tau2=0.1)', rmaVals(rma(d$yi, d$vi, tau2 = 0.1)))
  add(paste(nm, "DL tau2=0.05"), 'rma(yi, vi, method="DL", tau2=0.05)', rmaVals(rma(d$yi, d$vi, method = "DL", tau2 = 0.05)))
  add(paste(nm, "PM tau2=0.05"), 'rma(yi, vi, method="PM", tau2=0.05)', rmaVals(rma(d$yi, d$vi, method = "PM", tau2 = 0.05)))
  add(paste(nm, "REML level 0.1"), 'rma(yi, vi, level=0.1)', rmaVals(rma(d$yi, d$vi, level = 0.1)))
  add(paste(nm, "k=1 REML"), 'rma(yi[1], vi[1])', rmaVals(rma(d$yi[1], d$vi[1])))
  add(paste(nm, "k=2 REML"), 'rma(yi[1:2], vi[1:2])', rmaVals(rma(d$yi[1:2], d$vi[1:2])))
}

## --- chi-square, F and large k -----------------------------------------------------------------
chis <- list(c(2552.8, 2499), c(2100, 1999), c(6000, 4999), c(300, 100), c(1000, 10), c(1500, 1400), c(1400, 1500), c(150, 3))
out$pchisq <- lapply(chis, function(a) list(x = a[1], df = a[2], upper = pchisq(a[1], a[2], lower.tail = FALSE), lower = pchisq(a[1], a[2])))
qs <- list(c(0.975, 4999), c(0.025, 4999), c(0.5, 2499), c(0.995, 2001), c(0.05, 3))
out$qchisq <- lapply(qs, function(a) list(p = a[1], df = a[2], q = qchisq(a[1], a[2])))
fs <- list(c(2.5, 3, 10), c(0.1, 2, 5), c(30, 4, 2000))
out$pf <- lapply(fs, function(a) list(f = a[1], df1 = a[2], df2 = a[3], upper = pf(a[1], a[2], a[3], lower.tail = FALSE)))
# deterministic large-k data (the same formula is in the test): yi = 0.3 + 0.4 sin(i) + 0.3 cos(7 i), vi = 0.01 + 0.2 ((i * 7919) %% 1000) / 1000
big <- function(k) { i <- 1:k; list(yi = 0.3 + 0.4 * sin(i) + 0.3 * cos(7 * i), vi = 0.01 + 0.2 * ((i * 7919) %% 1000) / 1000) }
b2500 <- big(2500)
add("k2500 DL", 'rma(yi, vi, method="DL") on big(2500)', rmaVals(rma(b2500$yi, b2500$vi, method = "DL")))
## --- escalc zero cells ------------------------------------------------------------------------------
nw <- dat.nielweise2007
esc <- function(...) { e <- escalc(measure = "OR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = nw, ...); list(yi = num(e$yi), vi = num(e$vi)) }
out$escalc <- list(
  list(call = 'escalc("OR", ai, n1i, ci, n2i, data=dat.nielweise2007)', value = esc()),
  list(call = 'escalc(..., add=1/2, to="all")', value = esc(add = 1/2, to = "all")),
  list(call = 'escalc(..., add=1/2, to="if0all")', value = esc(add = 1/2, to = "if0all")),
  list(call = 'escalc(..., add=0.1, to="only0")', value = esc(add = 0.1, to = "only0")),
  list(call = 'escalc(..., drop00=TRUE)', value = esc(drop00 = TRUE)))
out$nielweise2007 <- list(ai = nw$ai, n1i = nw$n1i, ci = nw$ci, n2i = nw$n2i)

## --- Mantel-Haenszel and Peto -----------------------------------------------------------------------
mhVals <- function(r) list(b = num(r$beta), se = num(r$se), zval = num(r$zval), pval = num(r$pval), ci_lb = num(r$ci.lb), ci_ub = num(r$ci.ub),
  QE = num(r$QE), QEp = num(r$QEp), I2 = num(r$I2), H2 = num(r$H2), CO = num(r$CO), COp = num(r$COp), MH = num(r$MH), MHp = num(r$MHp), TA = num(r$TA), TAp = num(r$TAp))
tabs <- list(
  bcg = with(dat.bcg, list(ai = tpos, bi = tneg, ci = cpos, di = cneg)),
  nielweise2007 = with(dat.nielweise2007, list(ai = ai, bi = n1i - ai, ci = ci, di = n2i - ci)),
  hine1989 = with(dat.hine1989, list(ai = ai, bi = n1i - ai, ci = ci, di = n2i - ci)),
  li2007 = with(dat.li2007, list(ai = ai, bi = n1i - ai, ci = ci, di = n2i - ci)),
  collins1985a = with(dat.collins1985a, list(ai = b.xti, bi = nti - b.xti, ci = b.xci, di = nci - b.xci)))
out$tables <- tabs
out$mh <- list()
for (nm in names(tabs)) {
  t <- tabs[[nm]]
  for (ms in c("OR", "RR", "RD")) {
    r <- try(rma.mh(ai = t$ai, bi = t$bi, ci = t$ci, di = t$di, measure = ms), silent = TRUE)
    if (!inherits(r, "try-error")) out$mh[[length(out$mh) + 1]] <- list(data = nm, measure = ms, call = paste0('rma.mh(ai, bi, ci, di, measure="', ms, '")'), value = mhVals(r))
  }
  r <- rma.peto(ai = t$ai, bi = t$bi, ci = t$ci, di = t$di)
  out$mh[[length(out$mh) + 1]] <- list(data = nm, measure = "PETO", call = 'rma.peto(ai, bi, ci, di)', value = mhVals(r))
}

## --- GLMM for proportions ---------------------------------------------------------------------------
props <- list(pritz1997 = with(dat.pritz1997, list(xi = xi, ni = ni)),
              debruin2009 = with(dat.debruin2009, list(xi = xi, ni = ni)),
              hine1989 = with(dat.hine1989, list(xi = ai, ni = n1i)),
              li2007 = with(dat.li2007, list(xi = ci, ni = n2i)),
              # the shipped review's complications (any severity, all units), as `npa meta --outcome complications` selects them from data/outcomes.csv
              complications = list(xi = c(4,2,1,8,3,2,0,0,4,1,0,0,4), ni = c(100,38,23,266,64,76,50,128,26,16,36,11,33)))
glmmVals <- function(r) { p <- predict(r); pt <- predict(r, transf = transf.ilogit)
  list(b = num(r$beta), se = num(r$se), zval = num(r$zval), pval = num(r$pval), ci_lb = num(r$ci.lb), ci_ub = num(r$ci.ub), tau2 = num(r$tau2),
    I2 = num(r$I2), H2 = num(r$H2), QE_Wld = num(r$QE.Wld), QEp_Wld = num(r$QEp.Wld), QE_LRT = num(r$QE.LRT), QEp_LRT = num(r$QEp.LRT),
    pi_lb = num(p$pi.lb), pi_ub = num(p$pi.ub), pred_t = num(pt$pred), ci_lb_t = num(pt$ci.lb), ci_ub_t = num(pt$ci.ub), pi_lb_t = num(pt$pi.lb), pi_ub_t = num(pt$pi.ub)) }
out$glmm <- list()
for (nm in names(props)) {
  d <- props[[nm]]
  for (q in c(7, 1, 15)) {
    r <- rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni, nAGQ = q)
    out$glmm[[length(out$glmm) + 1]] <- list(data = nm, nAGQ = q, method = "ML", call = paste0('rma.glmm(measure="PLO", xi, ni, nAGQ=', q, ')'), value = glmmVals(r))
  }
  r <- rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni, method = "FE")
  out$glmm[[length(out$glmm) + 1]] <- list(data = nm, nAGQ = 0, method = "FE", call = 'rma.glmm(measure="PLO", xi, ni, method="FE")', value = glmmVals(r))
}
out$props <- props
cx <- props$complications
out$complications_iv <- list(
  PLO_REML = list(call = 'predict(rma(measure="PLO", xi=xi, ni=ni), transf=transf.ilogit)', value = { r <- rma(measure = "PLO", xi = cx$xi, ni = cx$ni); p <- predict(r, transf = transf.ilogit); list(b = num(r$beta), tau2 = num(r$tau2), pred = num(p$pred), ci_lb = num(p$ci.lb), ci_ub = num(p$ci.ub), pi_lb = num(p$pi.lb), pi_ub = num(p$pi.ub)) }),
  PFT_REML = list(call = 'predict(rma(measure="PFT", xi=xi, ni=ni), transf=transf.ipft.hm, targs=list(ni=ni))', value = { r <- rma(measure = "PFT", xi = cx$xi, ni = cx$ni); p <- predict(r, transf = transf.ipft.hm, targs = list(ni = cx$ni)); list(b = num(r$beta), tau2 = num(r$tau2), pred = num(p$pred), ci_lb = num(p$ci.lb), ci_ub = num(p$ci.ub), pi_lb = num(p$pi.lb), pi_ub = num(p$pi.ub)) }))
out$cases <- cases
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = FALSE), "test/meta/r/reference.json")
cat("wrote test/meta/r/reference.json\n")
