# Reference numbers for the k = 5,000 test in test/meta/options.test.ts (slow in R: dense k x k
# matrices; about 20 minutes). Run from the repository root:  Rscript test/meta/r/big.R
suppressMessages({ library(metafor); library(jsonlite) })
num <- function(x) if (is.null(x) || length(x) == 0 || all(is.na(x))) NA else unname(as.numeric(x))
big <- function(k) { i <- 1:k; list(yi = 0.3 + 0.4 * sin(i) + 0.3 * cos(7 * i), vi = 0.01 + 0.2 * ((i * 7919) %% 1000) / 1000) }
out <- list(versions = list(R = R.version.string, metafor = as.character(packageVersion("metafor"))))
b5000 <- big(5000)
out$big5000 <- list()
for (m in c("DL", "REML")) {
  r <- rma(b5000$yi, b5000$vi, method = m)
  ci <- confint(r)$random
  out$big5000[[m]] <- list(call = paste0('confint(rma(yi, vi, method="', m, '")) on big(5000)'),
    fit = list(b = num(r$beta), se = num(r$se), tau2 = num(r$tau2), QE = num(r$QE), QEp = num(r$QEp), I2 = num(r$I2), H2 = num(r$H2)),
    tau2 = num(ci["tau^2", ]), tau = num(ci["tau", ]), I2 = num(ci["I^2(%)", ]), H2 = num(ci["H^2", ]))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null"), "test/meta/r/big.json")
}
cat("wrote test/meta/r/big.json\n")
