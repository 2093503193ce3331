/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtWindow's insides, shared by kt-window.c and kt-window-import.c.
 */
#pragma once

#include "kt-browse-page.h"
#include "kt-import-dialog.h"
#include "kt-import-report.h"
#include "kt-sidebar.h"
#include "kt-stats-page.h"
#include "kt-study-page.h"
#include "kt-window.h"

G_BEGIN_DECLS

struct _KtWindow
{
  AdwApplicationWindow  parent_instance;

  /* Owned References */
  GSettings            *settings;
  KtLibrary            *library;
  KtProgress           *progress;
  KtTopicTree          *topics;
  GSignalGroup         *topic_signals;    /* the selected topic's counts */
  GHashTable           *pending_imports;  /* uri of a copy being parsed → name */
  GtkWindow            *shortcuts_window; /* built when first asked for */
  KtImportReport       *import_report;    /* of the import under way */
  guint                 n_reading;        /* imports still on a worker */
  GPtrArray            *import_histories; /* (element-type KtImported): Anki packages'
                                           * answers, merged once their decks load */
  KtImportDialog       *import_dialog;    /* while Anki packages convert */
  guint                 n_converting;     /* packages it shows */
  gboolean              close_unsaved;    /* the user chose to lose unsaved answers */

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  AdwToastOverlay      *content_toast_overlay;
  GtkRevealer          *save_banner;
  GtkLabel             *save_label;
  AdwLeaflet           *leaflet;
  KtSidebar            *sidebar;
  GtkWidget            *back_button;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  KtStudyPage          *study_page;
  KtBrowsePage         *browse_page;
  AdwBin               *stats_bin;
  KtStatsPage          *stats_page;       /* built when first shown */
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
};

void     _kt_window_on_deck_loaded (KtWindow      *self,
                                    KtDeck        *deck,
                                    KtLibrary     *library);
void     _kt_window_import_action  (GtkWidget     *widget,
                                    const char    *action_name,
                                    GVariant      *parameter);
gboolean _kt_window_on_drop        (GtkDropTarget *target,
                                    const GValue  *value,
                                    double         x,
                                    double         y,
                                    gpointer       user_data);

G_END_DECLS
