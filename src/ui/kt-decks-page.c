/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtDecksPage is the Decks page of the preferences: the decks in the
 * user's deck folder, each with its cards and problems, that can be moved
 * to the trash (their progress stays, so importing them again brings it
 * back) or shown in Files; and the extra deck folders (GSettings
 * "deck-folders"), each with what it holds, that can be added, opened and
 * removed. Rows follow the library live: a deck edited elsewhere updates
 * its counts as it is read again.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-decks-page.h"
#include "kt-problems-dialog.h"

struct _KtDecksPage
{
  AdwPreferencesPage  parent_instance;

  /* Owned References */
  GSettings          *settings;
  KtLibrary          *library;
  GFile              *user_folder;
  GtkStringList      *folders;     /* the "deck-folders" key */
  GtkFilterListModel *user_decks;  /* the library's files in the user folder */
  guint               refresh_id;

  /* Template Widgets */
  AdwPreferencesGroup *user_group;
  GtkButton           *user_folder_button;
  GtkListBox          *deck_list;
  GtkListBox          *folder_list;
};

G_DEFINE_FINAL_TYPE (KtDecksPage, kt_decks_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_LIBRARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------ */

/* "10 cards", "10 cards · 2 problems" */
static char *
describe_counts (guint n_cards,
                 guint n_problems)
{
  g_autofree char *cards = g_strdup_printf (ngettext ("%u card", "%u cards", n_cards), n_cards);
  g_autofree char *problems = NULL;

  if (n_problems == 0)
    return g_steal_pointer (&cards);
  problems = g_strdup_printf (ngettext ("%u problem", "%u problems", n_problems), n_problems);

  /* Translators: a deck's counts, "10 cards · 2 problems". */
  return g_strdup_printf (_("%s · %s"), cards, problems);
}

/* A path as people read it: "~/Notes" for one in the home folder. */
static char *
display_path (GFile *file)
{
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = g_file_get_relative_path (home, file);

  if (relative != NULL)
    return g_build_filename ("~", relative, NULL);

  return g_file_get_parse_name (file);
}

static GtkWidget *
suffix_button (const char *icon_name,
               const char *label,
               const char *action_name,
               const char *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);

  return button;
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);

  return label;
}

static KtDeckFile *
find_deck_file (KtDecksPage *self,
                const char  *uri)
{
  GListModel *files = kt_library_get_deck_files (self->library);

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(KtDeckFile) file = g_list_model_get_item (files, i);
      g_autofree char *file_uri = g_file_get_uri (kt_deck_file_get_file (file));

      if (g_str_equal (file_uri, uri))
        return file;
    }

  return NULL;
}

/* ---------------------------------------------------------------------
 * The user's decks
 * ------------------------------------------------------------------ */

static void
update_deck_row (AdwActionRow *row,
                 GParamSpec   *pspec,
                 KtDeckFile   *deck_file)
{
  GtkWidget *problems = g_object_get_data (G_OBJECT (row), "problems-button");
  g_autofree char *where = g_file_get_relative_path (g_object_get_data (G_OBJECT (row), "folder"),
                                                     kt_deck_file_get_file (deck_file));
  g_autofree char *counts = describe_counts (kt_deck_file_get_n_cards (deck_file),
                                             kt_deck_file_get_n_problems (deck_file));
  /* Translators: a deck's file and counts, "async.md · 10 cards". */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), where, counts);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kt_deck_file_get_title (deck_file));
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_visible (problems, kt_deck_file_get_n_problems (deck_file) > 0);
}

static GtkWidget *
create_deck_row (gpointer item,
                 gpointer user_data)
{
  KtDecksPage *self = user_data;
  KtDeckFile *deck_file = item;
  GFile *file = kt_deck_file_get_file (deck_file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *parent_uri = g_file_get_uri (parent);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *problems = suffix_button ("dialog-warning-symbolic", _("Show Problems"),
                                       "decks.show-problems", uri);

  /* Deck titles are text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "folder", g_object_ref (self->user_folder),
                          g_object_unref);
  g_object_set_data (G_OBJECT (row), "problems-button", problems);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), problems);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_button ("folder-open-symbolic", _("Open Its Folder"),
                                            "decks.open-folder", parent_uri));
  /* A folder that could not be read is listed too: it is not a deck to
   * throw away from here. */
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL) != G_FILE_TYPE_DIRECTORY)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               suffix_button ("user-trash-symbolic", _("Move to Trash"),
                                              "decks.remove-deck", uri));

  update_deck_row (ADW_ACTION_ROW (row), NULL, deck_file);
  g_signal_connect_object (deck_file, "notify", G_CALLBACK (update_deck_row), row,
                           G_CONNECT_SWAPPED);

  return row;
}

/* @user_data: the user's deck folder */
static gboolean
in_user_folder (gpointer item,
                gpointer user_data)
{
  GFile *folder = kt_deck_file_get_folder (item);

  return folder != NULL && g_file_equal (folder, user_data);
}

/* ---------------------------------------------------------------------
 * Extra folders
 * ------------------------------------------------------------------ */

static void
update_folder_row (KtDecksPage  *self,
                   AdwActionRow *row)
{
  GFile *folder = g_object_get_data (G_OBJECT (row), "folder");
  GtkWidget *problems = g_object_get_data (G_OBJECT (row), "problems-button");
  GListModel *files = kt_library_get_deck_files (self->library);
  guint n_decks = 0, n_cards = 0, n_problems = 0;
  g_autofree char *path = display_path (folder);
  g_autofree char *decks = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(KtDeckFile) file = g_list_model_get_item (files, i);
      GFile *in = kt_deck_file_get_folder (file);

      if (in == NULL || !g_file_equal (in, folder))
        continue;
      n_decks += kt_deck_file_get_n_cards (file) > 0;
      n_cards += kt_deck_file_get_n_cards (file);
      n_problems += kt_deck_file_get_n_problems (file);
    }

  decks = g_strdup_printf (ngettext ("%u deck", "%u decks", n_decks), n_decks);
  counts = describe_counts (n_cards, n_problems);
  /* Translators: a deck folder's path, then what it holds:
   * "~/Notes\n21 decks · 80 cards · 1 problem". */
  subtitle = g_strdup_printf (_("%s\n%s · %s"), path, decks, counts);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_visible (problems, n_problems > 0);
}

static GtkWidget *
create_folder_row (gpointer item,
                   gpointer user_data)
{
  KtDecksPage *self = user_data;
  const char *path = gtk_string_object_get_string (item);
  GFile *folder = g_file_new_for_commandline_arg (path);
  g_autofree char *uri = g_file_get_uri (folder);
  g_autofree char *name = g_file_get_basename (folder);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *problems = suffix_button ("dialog-warning-symbolic", _("Show Problems"),
                                       "decks.show-problems", uri);

  /* Folder names are user data: no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  g_object_set_data_full (G_OBJECT (row), "folder", folder, g_object_unref);
  g_object_set_data (G_OBJECT (row), "problems-button", problems);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), problems);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_button ("folder-open-symbolic", _("Open Folder"),
                                            "decks.open-folder", uri));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_button ("list-remove-symbolic", _("Remove Folder"),
                                            "decks.remove-folder", path));
  update_folder_row (self, ADW_ACTION_ROW (row));

  return row;
}

static void
refresh_folders_cb (gpointer data)
{
  KtDecksPage *self = data;

  self->refresh_id = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->folder_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      update_folder_row (self, ADW_ACTION_ROW (row));
}

/* A folder of a thousand notes is read a file at a time: its counts are
 * updated once the burst is over, not a thousand times. */
static void
schedule_refresh (KtDecksPage *self)
{
  /* Deck files outlive the page: nothing to show once it is gone. */
  if (self->library != NULL && self->refresh_id == 0)
    self->refresh_id = g_idle_add_once (refresh_folders_cb, self);
}

static void
on_deck_files_changed (KtDecksPage *self,
                       guint        position,
                       guint        removed,
                       guint        added,
                       GListModel  *files)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(KtDeckFile) file = g_list_model_get_item (files, i);

      g_signal_connect_object (file, "notify", G_CALLBACK (schedule_refresh), self,
                               G_CONNECT_SWAPPED);
    }
  schedule_refresh (self);
}

static void
on_deck_folders_changed (KtDecksPage *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "deck-folders");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->folders));

  gtk_string_list_splice (self->folders, 0, n, (const char * const *) folders);
}

/**
 * kt_decks_page_add_folder:
 *
 * Adds @folder to the deck folders, unless it is there already.
 */
void
kt_decks_page_add_folder (KtDecksPage *self,
                          GFile       *folder)
{
  g_auto(GStrv) folders = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  g_return_if_fail (KT_IS_DECKS_PAGE (self));

  path = g_file_get_path (folder);
  if (path == NULL)
    return;

  folders = g_settings_get_strv (self->settings, "deck-folders");
  if (g_strv_contains ((const char * const *) folders, path))
    return;

  g_strv_builder_addv (builder, (const char **) folders);
  g_strv_builder_add (builder, path);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "deck-folders", (const char * const *) updated);
}

/* ---------------------------------------------------------------------
 * Actions
 * ------------------------------------------------------------------ */

static void
on_add_folder_response (GtkNativeDialog *dialog,
                        int              response,
                        gpointer         user_data)
{
  g_autoptr(KtDecksPage) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL)
        kt_decks_page_add_folder (self, folder);
    }

  g_object_unref (dialog);
}

static void
add_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Add Deck Folder"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Add"), NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* The chooser holds itself until "response"; we unref it there. */
  g_signal_connect (chooser, "response", G_CALLBACK (on_add_folder_response), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KtDecksPage *self = KT_DECKS_PAGE (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "deck-folders");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  for (guint i = 0; folders[i] != NULL; i++)
    if (g_strcmp0 (folders[i], path) != 0)
      g_strv_builder_add (builder, folders[i]);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "deck-folders", (const char * const *) updated);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
show_toast (KtDecksPage *self,
            AdwToast    *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

typedef struct
{
  KtDecksPage *self;
  char        *title;
} Trashing;

static void
on_trashed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Trashing *trashing = user_data;
  g_autoptr(GError) error = NULL;
  /* Toast titles are markup (libadwaita 1.2); deck titles are text. */
  g_autofree char *title = g_markup_escape_text (trashing->title, -1);
  g_autofree char *reason = NULL;
  AdwToast *toast;

  if (g_file_trash_finish (G_FILE (object), result, &error))
    /* Translators: %s is a deck's title. */
    toast = adw_toast_new_format (_("“%s” moved to the trash; its progress is kept"), title);
  else
    {
      reason = g_markup_escape_text (error->message, -1);
      /* Translators: %s is a deck's title, then why it could not be removed. */
      toast = adw_toast_new_format (_("Could not move “%s” to the trash: %s"), title, reason);
    }
  show_toast (trashing->self, toast);

  g_object_unref (trashing->self);
  g_free (trashing->title);
  g_free (trashing);
}

/* The file goes to the trash; the library sees it go. Its progress stays
 * in GSettings, so importing it again brings it back. */
static void
remove_deck_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KtDecksPage *self = KT_DECKS_PAGE (widget);
  const char *uri = g_variant_get_string (parameter, NULL);
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  KtDeckFile *deck_file = find_deck_file (self, uri);
  Trashing *trashing = g_new0 (Trashing, 1);

  trashing->self = g_object_ref (self);
  trashing->title = deck_file != NULL ? g_strdup (kt_deck_file_get_title (deck_file))
                                      : g_file_get_basename (file);
  g_file_trash_async (file, G_PRIORITY_DEFAULT, NULL, on_trashed, trashing);
}

static void
show_problems_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KtDecksPage *self = KT_DECKS_PAGE (widget);
  g_autoptr(GFile) target = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  g_autofree char *name = g_file_get_basename (target);
  GListModel *files = kt_library_get_deck_files (self->library);
  g_autoptr(GString) body = g_string_new (NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  KtProblemsDialog *dialog;

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(KtDeckFile) file = g_list_model_get_item (files, i);
      GFile *where = kt_deck_file_get_file (file);
      const char * const *problems = kt_deck_file_get_problems (file);
      g_autofree char *relative = g_file_get_relative_path (target, where);

      if (!g_file_equal (where, target) && relative == NULL)
        continue;
      for (guint j = 0; problems[j] != NULL; j++)
        {
          if (relative != NULL)
            g_string_append_printf (body, "%s: ", relative);
          g_string_append_printf (body, "%s\n", problems[j]);
        }
    }
  if (body->len > 0)
    g_string_truncate (body, body->len - 1);

  /* Translators: %s is the name of a deck file or folder. */
  heading = g_strdup_printf (_("Problems in “%s”"), name);
  dialog = kt_problems_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body->str);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------ */

static void
kt_decks_page_constructed (GObject *object)
{
  KtDecksPage *self = KT_DECKS_PAGE (object);
  GListModel *files = kt_library_get_deck_files (self->library);
  g_autofree char *user_path = display_path (self->user_folder);
  g_autofree char *description = NULL;
  g_autofree char *user_uri = g_file_get_uri (self->user_folder);

  G_OBJECT_CLASS (kt_decks_page_parent_class)->constructed (object);

  /* Translators: %s is a folder, such as "~/.local/share/kartoteka/decks". */
  description = g_strdup_printf (_("Import Decks… copies decks into %s"), user_path);
  adw_preferences_group_set_description (self->user_group, description);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->user_folder_button), "decks.open-folder");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->user_folder_button), "s", user_uri);

  self->user_decks =
    gtk_filter_list_model_new (g_object_ref (files),
                               GTK_FILTER (gtk_custom_filter_new (in_user_folder,
                                                                  g_object_ref (self->user_folder),
                                                                  g_object_unref)));
  gtk_list_box_set_placeholder (self->deck_list,
                                placeholder (_("No decks imported yet. Import Decks… (Ctrl+O) "
                                               "copies decks here.")));
  gtk_list_box_bind_model (self->deck_list, G_LIST_MODEL (self->user_decks),
                           create_deck_row, self, NULL);

  gtk_list_box_set_placeholder (self->folder_list,
                                placeholder (_("No extra folders. Add the folder of your notes "
                                               "to study them where they are.")));
  gtk_list_box_bind_model (self->folder_list, G_LIST_MODEL (self->folders),
                           create_folder_row, self, NULL);
  g_signal_connect_object (self->settings, "changed::deck-folders",
                           G_CALLBACK (on_deck_folders_changed), self, G_CONNECT_SWAPPED);
  on_deck_folders_changed (self);

  g_signal_connect_object (files, "items-changed", G_CALLBACK (on_deck_files_changed), self,
                           G_CONNECT_SWAPPED);
  on_deck_files_changed (self, 0, 0, g_list_model_get_n_items (files), files);
}

static void
kt_decks_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KtDecksPage *self = KT_DECKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS: self->settings = g_value_dup_object (value); break;
    case PROP_LIBRARY:  self->library = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_decks_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KtDecksPage *self = KT_DECKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS: g_value_set_object (value, self->settings); break;
    case PROP_LIBRARY:  g_value_set_object (value, self->library); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_decks_page_dispose (GObject *object)
{
  KtDecksPage *self = KT_DECKS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  /* The lists are bound to models that outlive the page. */
  if (self->deck_list != NULL)
    gtk_list_box_bind_model (self->deck_list, NULL, NULL, NULL, NULL);
  if (self->folder_list != NULL)
    gtk_list_box_bind_model (self->folder_list, NULL, NULL, NULL, NULL);
  if (self->library != NULL)
    g_signal_handlers_disconnect_by_data (kt_library_get_deck_files (self->library), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_DECKS_PAGE);
  g_clear_object (&self->user_decks);
  g_clear_object (&self->folders);
  g_clear_object (&self->user_folder);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kt_decks_page_parent_class)->dispose (object);
}

static void
kt_decks_page_class_init (KtDecksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = kt_decks_page_constructed;
  object_class->dispose = kt_decks_page_dispose;
  object_class->get_property = kt_decks_page_get_property;
  object_class->set_property = kt_decks_page_set_property;

  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, flags);
  properties[PROP_LIBRARY] = g_param_spec_object ("library", NULL, NULL, KT_TYPE_LIBRARY, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "decks.add-folder", NULL, add_folder_action);
  gtk_widget_class_install_action (widget_class, "decks.remove-folder", "s", remove_folder_action);
  gtk_widget_class_install_action (widget_class, "decks.open-folder", "s", open_folder_action);
  gtk_widget_class_install_action (widget_class, "decks.remove-deck", "s", remove_deck_action);
  gtk_widget_class_install_action (widget_class, "decks.show-problems", "s", show_problems_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-decks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KtDecksPage, user_group);
  gtk_widget_class_bind_template_child (widget_class, KtDecksPage, user_folder_button);
  gtk_widget_class_bind_template_child (widget_class, KtDecksPage, deck_list);
  gtk_widget_class_bind_template_child (widget_class, KtDecksPage, folder_list);
}

static void
kt_decks_page_init (KtDecksPage *self)
{
  self->folders = gtk_string_list_new (NULL);
  self->user_folder = kt_library_get_user_folder ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

KtDecksPage *
kt_decks_page_new (GSettings *settings,
                   KtLibrary *library)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (KT_IS_LIBRARY (library), NULL);

  return g_object_new (KT_TYPE_DECKS_PAGE, "settings", settings, "library", library, NULL);
}
