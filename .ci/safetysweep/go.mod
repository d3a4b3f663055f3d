module tokentuisafetysweep

go 1.26.0
