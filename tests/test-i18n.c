/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interface in Russian (this test runs under ru_RU.UTF-8): Russian
 * labels, the three plural forms, intervals, the layouts a file without
 * cards is told about, and no English left in the window's own text (deck
 * content aside).
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "kt-application.h"
#include "kt-card-view.h"
#include "kt-format.h"
#include "kt-formats.h"
#include "kt-i18n.h"
#include "kt-window.h"

static KtApplication *app;

static KtWindow *
open_window (void)
{
  GtkWindow *window;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  return KT_WINDOW (window);
}

/* Texts a person reads in the window's own widgets: labels, button
 * labels and tooltips, skipping list rows and card content (deck text). */
static void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_LIST_VIEW (widget) || KT_IS_CARD_VIEW (widget) || GTK_IS_SHORTCUTS_WINDOW (widget))
    return;
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (tooltip != NULL)
    g_ptr_array_add (texts, g_strdup (tooltip));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static gboolean
has_latin_word (const char *text)
{
  /* Names that stay as they are in Russian; single letters are keys. */
  static const char *const allowed[] = { "Ctrl", "FSRS", "JSON", "TSV", "Anki", NULL };
  g_auto(GStrv) words = g_regex_split_simple ("[^A-Za-z]+", text, 0, 0);

  for (guint i = 0; words[i] != NULL; i++)
    if (strlen (words[i]) > 1 && !g_strv_contains (allowed, words[i]))
      return TRUE;

  return FALSE;
}

static gboolean
contains (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), text))
      return TRUE;

  return FALSE;
}

static void
test_i18n_window_russian (void)
{
  KtWindow *window = open_window ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_activate_action (GTK_WIDGET (window), "study.reveal", NULL);
  collect_texts (GTK_WIDGET (window), texts);

  g_assert_cmpstr (kt_topic_get_title (kt_window_get_topic (window)), ==, "Все темы");
  g_assert_true (contains (texts, "Учить"));
  g_assert_true (contains (texts, "Просмотр"));
  g_assert_true (contains (texts, "Снова"));
  g_assert_true (contains (texts, "Трудно"));
  g_assert_true (contains (texts, "Хорошо"));
  g_assert_true (contains (texts, "Легко"));
  g_assert_true (contains (texts, "1 мин"));
  g_assert_true (contains (texts, "1 из 14"));

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      if (has_latin_word (text))
        g_error ("English text in the Russian interface: “%s”", text);
    }

  gtk_window_close (GTK_WINDOW (window));
}

/* The About window speaks Russian too, its Credits and Legal pages
 * included. */
static void
test_i18n_about_russian (void)
{
  KtWindow *window = open_window ();
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();
  AdwAboutWindow *about = NULL;
  const char *const *developers;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_ABOUT_WINDOW (w))
        about = ADW_ABOUT_WINDOW (w);
    }
  g_assert_nonnull (about);

  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "Разработчики Картотеки");
  developers = adw_about_window_get_developers (about);
  g_assert_nonnull (developers);
  for (guint i = 0; developers[i] != NULL; i++)
    g_assert_false (has_latin_word (developers[i]));
  g_assert_false (has_latin_word (adw_about_window_get_copyright (about)));

  gtk_window_destroy (GTK_WINDOW (about));
  gtk_window_close (GTK_WINDOW (window));
}

static void
test_i18n_plurals (void)
{
  static const struct { guint n; const char *text; } cards[] = {
    { 1, "1 карточка" }, { 2, "2 карточки" }, { 5, "5 карточек" }, { 11, "11 карточек" },
    { 21, "21 карточка" }, { 22, "22 карточки" }, { 112, "112 карточек" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u card", "%u cards", cards[i].n),
                                               cards[i].n);
      g_assert_cmpstr (text, ==, cards[i].text);
    }
}

static void
test_i18n_intervals (void)
{
  g_autofree char *minutes = kt_format_interval (10 * 60 * G_USEC_PER_SEC);
  g_autofree char *days = kt_format_interval (2 * G_TIME_SPAN_DAY);
  g_autofree char *months = kt_format_interval (90 * G_TIME_SPAN_DAY);

  g_assert_cmpstr (minutes, ==, "10 мин");
  g_assert_cmpstr (days, ==, "2 дн");
  g_assert_cmpstr (months, ==, "3 мес");
}

/* A file Kartoteka cannot read says which layouts it can, in Russian. */
static void
test_i18n_no_cards (void)
{
  static const char text[] = "---\ntitle: Идеи\n---\nПросто мысли.\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(KtDeck) deck = kt_formats_parse_bytes (bytes, "ideas.md");
  const char *message;

  g_assert_cmpuint (deck->diagnostics->len, ==, 1);
  message = g_array_index (deck->diagnostics, KtDiagnostic, 0).message;
  g_assert_true (g_str_has_prefix (message, "в этом файле не найдено карточек. Картотека читает "
                                            "нумерованные вопросы"));
  g_assert_nonnull (strstr (message, "пары «В:» и «О:»"));
  g_assert_nonnull (strstr (message, "заголовки-вопросы с ответом под ними"));
}

/* In a sentence the unit is spelled out and inflected after "через". */
static void
test_i18n_durations (void)
{
  static const struct { gint64 us; const char *duration; const char *until; } cases[] = {
    { 60 * G_USEC_PER_SEC, "1 минута", "через 1 минуту" },
    { 2 * 60 * G_USEC_PER_SEC, "2 минуты", "через 2 минуты" },
    { 21 * 60 * G_USEC_PER_SEC, "21 минута", "через 21 минуту" },
    { 6 * G_TIME_SPAN_DAY, "6 дней", "через 6 дней" },
    { 22 * G_TIME_SPAN_DAY, "22 дня", "через 22 дня" },
    { 365 * G_TIME_SPAN_DAY, "12 месяцев", "через 12 месяцев" },
    { 3 * 365 * G_TIME_SPAN_DAY, "3 года", "через 3 года" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *duration = kt_format_duration (cases[i].us);
      g_autofree char *until = kt_format_time_until (cases[i].us);

      g_assert_cmpstr (duration, ==, cases[i].duration);
      g_assert_cmpstr (until, ==, cases[i].until);
    }
}

int
main (int argc, char *argv[])
{
  int status;

  kt_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/i18n/plurals", test_i18n_plurals);
  g_test_add_func ("/i18n/intervals", test_i18n_intervals);
  g_test_add_func ("/i18n/no-cards", test_i18n_no_cards);
  g_test_add_func ("/i18n/durations", test_i18n_durations);
  g_test_add_func ("/i18n/window-russian", test_i18n_window_russian);
  g_test_add_func ("/i18n/about-russian", test_i18n_about_russian);

  app = kt_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
