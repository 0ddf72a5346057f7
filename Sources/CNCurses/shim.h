#ifndef CARNET_CNCURSES_SHIM_H
#define CARNET_CNCURSES_SHIM_H
// The wide-character ncurses: UTF-8 text, get_wch. Macros Swift cannot import are
// wrapped in functions below.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>
#include <locale.h>
#include <wchar.h>

// stdscr is a C global; reached through functions so Swift 6 sees no shared mutable state.
static inline int carnet_keypad(bool on) { return keypad(stdscr, on); }
static inline int carnet_idlok(bool on) { return idlok(stdscr, on); }
static inline void carnet_timeout(int milliseconds) { wtimeout(stdscr, milliseconds); }
static inline int carnet_lines(void) { return LINES; }
static inline int carnet_cols(void) { return COLS; }
static inline int carnet_color_pair(int pair) { return (int)COLOR_PAIR(pair); }
static inline int carnet_attr_bold(void) { return (int)A_BOLD; }
static inline int carnet_attr_reverse(void) { return (int)A_REVERSE; }
static inline int carnet_attr_underline(void) { return (int)A_UNDERLINE; }
static inline int carnet_attr_dim(void) { return (int)A_DIM; }
static inline int carnet_attr_normal(void) { return (int)A_NORMAL; }
static inline int carnet_key_code_yes(void) { return KEY_CODE_YES; }
static inline int carnet_colors(void) { return COLORS; }

/// Reads one key: returns KEY_CODE_YES for a function key, OK for a character, ERR on timeout.
static inline int carnet_get_wch(unsigned int *key) {
    wint_t value = 0;
    int result = get_wch(&value);
    *key = (unsigned int)value;
    return result;
}

static inline unsigned long carnet_mouse_wheel_up(void) { return (unsigned long)BUTTON4_PRESSED; }
static inline unsigned long carnet_mouse_wheel_down(void) {
#ifdef BUTTON5_PRESSED
    return (unsigned long)BUTTON5_PRESSED;
#else
    return 0;
#endif
}
static inline unsigned long carnet_mouse_click(void) { return (unsigned long)(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED); }
static inline unsigned long carnet_mouse_mask(void) {
    return (unsigned long)(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
        | BUTTON5_PRESSED
#endif
    );
}
#endif
