# Builds and installs the C library: the shared library with a versioned SONAME, the static
# archive, include/govcred.h, a pkg-config file and a CMake package.
#
#   make                                   # cargo build of the shipping profile (dist)
#   make install PREFIX=/usr/local         # or DESTDIR=/tmp/stage PREFIX=/usr for packaging
#   make uninstall PREFIX=/usr/local
#
# Installed (LIBDIR defaults to $(PREFIX)/lib; Debian-style multiarch: LIBDIR=$(PREFIX)/lib/x86_64-linux-gnu):
#   $(INCLUDEDIR)/govcred.h
#   $(LIBDIR)/libgovcred.so.0.1.0, libgovcred.so.0 -> it (the SONAME), libgovcred.so -> .so.0
#   $(LIBDIR)/libgovcred.a
#   $(LIBDIR)/pkgconfig/govcred.pc          pkg-config --cflags --libs [--static] govcred
#   $(LIBDIR)/cmake/govcred/                find_package(govcred) → govcred::govcred, govcred::govcred_static
#
# The shared library's SONAME is libgovcred.so.$(MAJOR) (for 0.x the minor version is the
# ABI: 0.1.* share libgovcred.so.0 only while the header's ABI does not change, which the
# committed header's review guards). Linux only; other systems use their own packaging.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
CARGO ?= cargo
CARGO_TARGET_DIR ?= $(ROOT)/target
PROFILE ?= dist
# A cross or baseline build: CARGO_BUILD_FLAGS='--target aarch64-unknown-linux-gnu'.
CARGO_BUILD_FLAGS ?=
BUILD_TRIPLE_DIR ?=
OUT := $(CARGO_TARGET_DIR)/$(BUILD_TRIPLE_DIR)$(PROFILE)

PREFIX ?= /usr/local
DESTDIR ?=
INCLUDEDIR ?= $(PREFIX)/include
LIBDIR ?= $(PREFIX)/lib
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CMAKEDIR ?= $(LIBDIR)/cmake/govcred
INSTALL ?= install

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' $(ROOT)/Cargo.toml | head -n 1)
MAJOR := $(word 1,$(subst ., ,$(VERSION)))
SONAME := libgovcred.so.$(MAJOR)
REALNAME := libgovcred.so.$(VERSION)
STAMP := $(OUT)/c-install

.PHONY: all lib install uninstall clean-install-files
all: lib

# One cargo call builds both library kinds; the SONAME goes to the cdylib's link only, so the
# other crates' builds stay shared with plain `cargo build --profile dist`. rustc prints the
# system libraries a static link needs; they become Libs.private.
lib:
	mkdir -p $(STAMP)
	cd $(ROOT) && CARGO_TARGET_DIR=$(CARGO_TARGET_DIR) $(CARGO) rustc --locked -p govcred --profile $(PROFILE) --lib \
	  --crate-type cdylib,staticlib $(CARGO_BUILD_FLAGS) -- -C link-arg=-Wl,-soname,$(SONAME) \
	  --print native-static-libs 2>&1 | tee $(STAMP)/rustc.log | grep -v '^note: native-static-libs' || true
	@grep -q '^note: native-static-libs: ' $(STAMP)/rustc.log || { \
	  echo "no native-static-libs note from rustc (build failed?)" >&2; exit 1; }
	sed -n 's/^note: native-static-libs: //p' $(STAMP)/rustc.log | tail -n 1 > $(STAMP)/native-static-libs
	@test -f $(OUT)/libgovcred.so -a -f $(OUT)/libgovcred.a

$(STAMP)/govcred.pc: $(ROOT)/cmake/govcred.pc.in lib
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	  -e 's|@VERSION@|$(VERSION)|g' -e "s|@LIBS_PRIVATE@|$$(cat $(STAMP)/native-static-libs)|g" $< > $@

# Relocatable: the config finds the library and header relative to its own folder.
$(STAMP)/govcredConfig.cmake: $(ROOT)/cmake/govcredConfig.cmake.in lib
	sed -e 's|@REALNAME@|$(REALNAME)|g' -e 's|@SONAME@|$(SONAME)|g' -e 's|@VERSION@|$(VERSION)|g' \
	  -e 's|@LIBDIR_FROM_CONFIG@|$(shell realpath -m --relative-to=$(CMAKEDIR) $(LIBDIR))|g' \
	  -e 's|@INCLUDEDIR_FROM_CONFIG@|$(shell realpath -m --relative-to=$(CMAKEDIR) $(INCLUDEDIR))|g' \
	  -e "s|@LIBS_PRIVATE@|$$(sed -e 's/^ *//' -e 's/ *$$//' -e 's/  */;/g' $(STAMP)/native-static-libs)|g" $< > $@

$(STAMP)/govcredConfigVersion.cmake: $(ROOT)/cmake/govcredConfigVersion.cmake.in
	sed -e 's|@VERSION@|$(VERSION)|g' $< > $@

install: lib $(STAMP)/govcred.pc $(STAMP)/govcredConfig.cmake $(STAMP)/govcredConfigVersion.cmake
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(CMAKEDIR)
	$(INSTALL) -m 644 $(ROOT)/include/govcred.h $(DESTDIR)$(INCLUDEDIR)/govcred.h
	$(INSTALL) -m 755 $(OUT)/libgovcred.so $(DESTDIR)$(LIBDIR)/$(REALNAME)
	ln -sf $(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libgovcred.so
	$(INSTALL) -m 644 $(OUT)/libgovcred.a $(DESTDIR)$(LIBDIR)/libgovcred.a
	$(INSTALL) -m 644 $(STAMP)/govcred.pc $(DESTDIR)$(PKGCONFIGDIR)/govcred.pc
	$(INSTALL) -m 644 $(STAMP)/govcredConfig.cmake $(STAMP)/govcredConfigVersion.cmake $(DESTDIR)$(CMAKEDIR)/

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/govcred.h $(DESTDIR)$(LIBDIR)/$(REALNAME) \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libgovcred.so $(DESTDIR)$(LIBDIR)/libgovcred.a \
	  $(DESTDIR)$(PKGCONFIGDIR)/govcred.pc
	rm -rf $(DESTDIR)$(CMAKEDIR)
