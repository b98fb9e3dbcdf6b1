# Shared compile settings and helpers for every Pulseboard target.

add_library(pulse_settings INTERFACE)
target_compile_definitions(pulse_settings INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_KEYWORDS
  QT_NO_CAST_FROM_BYTEARRAY QT_USE_QSTRINGBUILDER
  PULSE_VERSION="${PROJECT_VERSION}")
target_compile_options(pulse_settings INTERFACE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor
  $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>)
if(PULSE_WERROR)
  target_compile_options(pulse_settings INTERFACE -Werror)
endif()
if(PULSE_SANITIZE)
  target_compile_options(pulse_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
    # GCC 12 reports false maybe-uninitialized positives inside libstdc++ when ASan is combined with -O2.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  target_link_options(pulse_settings INTERFACE -fsanitize=address,undefined)
endif()

# pulse_add_test(tst_name SOURCES a.cpp LIBS pulse_core [LABELS x] [TIMEOUT s])
# One Qt Test executable per test file, registered with CTest.
function(pulse_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT ARG_SOURCES)
    set(ARG_SOURCES ${name}.cpp)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} Qt6::Test pulse_settings)
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;PULSE_BIN_DIR=${CMAKE_BINARY_DIR}/bin;PULSE_SOURCE_DIR=${CMAKE_SOURCE_DIR};LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/lsan.supp")
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
