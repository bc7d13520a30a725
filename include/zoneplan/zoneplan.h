/* zoneplan: school-catchment planning for compulsory education. One include for all. */
#ifndef ZONEPLAN_H
#define ZONEPLAN_H

#include "alloc.h"
#include "audit.h"
#include "chart.h"
#include "changes.h"
#include "check.h"
#include "diff.h"
#include "errors.h"
#include "gen.h"
#include "geo.h"
#include "io.h"
#include "model.h"
#include "number.h"
#include "out.h"
#include "plan.h"
#include "project.h"
#include "publish.h"
#include "run.h"
#include "scenario.h"
#include "serve.h"
#include "site.h"
#include "siting.h"
#include "stage.h"
#include "words.h"

#endif
